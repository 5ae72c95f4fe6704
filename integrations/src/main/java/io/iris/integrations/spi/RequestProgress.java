package io.iris.integrations.spi;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * Knows, for each provider call, whether the request left for the provider, and never lets okhttp
 * send it a second time.
 *
 * <p>okhttp silently repeats a request whose connection failed, even a POST whose body was already
 * written, when it thinks the failure is recoverable (a reset while reading the answer, a 408, a
 * 503 with {@code Retry-After: 0}): for a send that is a second SMS. Bodies are therefore made
 * one-shot, which okhttp never writes twice; a failure while connecting is still retried on the
 * host's other addresses, as nothing was sent.
 *
 * <p>A failure before the request was written is a {@link NotSentException}: the provider cannot
 * have the message. Any other failure may have come after the provider took it.
 */
public final class RequestProgress {

  /** The application interceptor: tags each call and makes its body one-shot. */
  public static final Interceptor TRACK = RequestProgress::track;

  /** The network interceptor: runs once a connection is up, just before the request is written. */
  public static final Interceptor MARK = RequestProgress::mark;

  private volatile boolean written;

  private RequestProgress() {}

  /** The call failed before any of its request was written to the provider. */
  public static final class NotSentException extends IOException {
    NotSentException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private static Response track(Interceptor.Chain chain) throws IOException {
    Request request = chain.request();
    RequestProgress progress = new RequestProgress();
    Request.Builder tracked = request.newBuilder().tag(RequestProgress.class, progress);
    RequestBody body = request.body();
    if (body != null && !body.isOneShot()) {
      tracked.method(request.method(), new OneShot(body));
    }
    try {
      return chain.proceed(tracked.build());
    } catch (NotSentException e) {
      throw e;
    } catch (IOException e) {
      throw progress.written ? e : new NotSentException(e);
    }
  }

  private static Response mark(Interceptor.Chain chain) throws IOException {
    RequestProgress progress = chain.request().tag(RequestProgress.class);
    if (progress != null) {
      progress.written = true;
    }
    return chain.proceed(chain.request());
  }

  /** A body okhttp may write only once. */
  private static final class OneShot extends RequestBody {
    private final RequestBody delegate;

    OneShot(RequestBody delegate) {
      this.delegate = delegate;
    }

    @Override
    public MediaType contentType() {
      return delegate.contentType();
    }

    @Override
    public long contentLength() throws IOException {
      return delegate.contentLength();
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      delegate.writeTo(sink);
    }

    @Override
    public boolean isOneShot() {
      return true;
    }
  }
}
