package io.iris.activities.remediation;

import io.iris.activities.remediation.actions.RestartWorkerAction;
import io.iris.activities.remediation.actions.ThrottleTenantAction;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.AnomalyType;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.Runbook;
import io.iris.workflows.remediation.RunbookStep;
import io.iris.workflows.remediation.VerifyCondition;
import io.iris.workflows.remediation.VerifyCondition.Comparison;
import io.iris.workflows.remediation.VerifyCondition.Expression;
import io.iris.workflows.remediation.VerifyCondition.Metric;
import io.iris.workflows.remediation.VerifyCondition.Scope;
import io.iris.workflows.send.Channel;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads runbook files into {@link Runbook}s, checking everything a remediation relies on, and
 * collects <em>all</em> the errors (each with its file, line, column and field) rather than
 * stopping at the first. It uses SnakeYAML's node API, so every field keeps its position.
 *
 * <p>Pure: no Spring, no I/O beyond the texts it is given ({@link RunbookCatalog} lists the files).
 */
public final class RunbookLoader {

  /** A file to load: its name as the location shows it and its bytes. */
  public record Source(String file, byte[] content) {
    public static Source of(String file, String text) {
      return new Source(file, text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** What a load gives: the valid runbooks (by order, then name) and every error. */
  public record Result(List<Runbook> runbooks, List<RunbookError> errors) {}

  /** The default {@code verify.minSamples}. */
  public static final int DEFAULT_MIN_SAMPLES = 20;

  /** The default {@code order}. */
  public static final int DEFAULT_ORDER = 100;

  private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,40}");
  private static final Pattern ALERTMANAGER_TYPE =
      Pattern.compile("alertmanager:[A-Za-z0-9_.:-]{1,80}");
  private static final Pattern EXPRESSION =
      Pattern.compile(
          "\\s*([A-Za-z0-9_]+)\\s*(<=|>=|<|>)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(\\*\\s*expected)?\\s*");

  private static final List<String> TOP_FIELDS =
      List.of(
          "name",
          "description",
          "trigger",
          "order",
          "requiresApproval",
          "steps",
          "stabilizationWait",
          "settle",
          "verify",
          "rollback");
  private static final List<String> TRIGGER_FIELDS = List.of("types", "minSeverity", "channels");
  private static final List<String> VERIFY_FIELDS =
      List.of("scope", "minSamples", "allowUnproven", "all", "whenMeasured");

  /** What an action acts on: the anomaly must carry it. */
  enum Target {
    PROVIDER("a provider"),
    CHANNEL("a channel"),
    TENANT("a tenant"),
    QUEUE("a task queue");

    final String words;

    Target(String words) {
      this.words = words;
    }
  }

  /** A constant parameter an action takes. */
  private enum Kind {
    POSITIVE_NUMBER,
    SHARE,
    POSITIVE_INT,
    TEXT,
    IP,
    TENANT_TARGET,
    /** A positive duration ({@code 15s}); kept in ISO-8601 ({@code PT15S}). */
    DURATION
  }

  private record Param(String name, Kind kind) {}

  private static final Map<RemediationAction, List<Param>> PARAMS =
      Map.of(
          RemediationAction.FAILOVER, List.of(),
          RemediationAction.THROTTLE_TENANT,
              List.of(
                  new Param("perSecond", Kind.POSITIVE_NUMBER),
                  new Param("ofAverage", Kind.POSITIVE_NUMBER),
                  new Param("burst", Kind.POSITIVE_INT),
                  new Param("target", Kind.TENANT_TARGET),
                  new Param("minShare", Kind.SHARE),
                  new Param(ThrottleTenantAction.WINDOW, Kind.DURATION)),
          RemediationAction.BLOCK_IP, List.of(new Param("ip", Kind.IP)),
          RemediationAction.SCALE_WORKERS, List.of(new Param("factor", Kind.POSITIVE_NUMBER)),
          RemediationAction.RESTART_WORKER,
              List.of(new Param(RestartWorkerAction.WHEN_IDLE_FOR, Kind.DURATION)),
          RemediationAction.CLEAR_CACHE, List.of(),
          RemediationAction.NOTIFY, List.of(new Param("message", Kind.TEXT)),
          RemediationAction.REQUIRE_APPROVAL, List.of());

  /** The {@code throttle_tenant} targets: the anomaly's tenant, or a cost spike's top tenant. */
  public static final String TARGET_TENANT = "tenant";

  public static final String TARGET_TOP_COST_TENANT = "top_cost_tenant";

  /** Actions a rollback can undo. */
  public static final Set<RemediationAction> UNDOABLE =
      EnumSet.of(
          RemediationAction.FAILOVER,
          RemediationAction.THROTTLE_TENANT,
          RemediationAction.BLOCK_IP,
          RemediationAction.SCALE_WORKERS);

  private RunbookLoader() {}

  /** Loads the files; names must be unique across them. */
  public static Result load(List<Source> sources) {
    List<RunbookError> errors = new ArrayList<>();
    List<Runbook> runbooks = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (Source source : sources) {
      File file = new File(source.file(), errors);
      Optional<Parsed> parsed = file.parse(source.content());
      if (parsed.isEmpty()) {
        continue;
      }
      Runbook runbook = parsed.get().runbook();
      String earlier = seen.putIfAbsent(runbook.name(), source.file());
      if (earlier != null) {
        file.error(
            parsed.get().nameNode(),
            "name",
            "runbook \"" + runbook.name() + "\" is already defined in " + earlier);
        continue;
      }
      if (file.errorCount() == 0) {
        runbooks.add(runbook);
      }
    }
    runbooks.sort(
        (a, b) ->
            a.order() != b.order()
                ? Integer.compare(a.order(), b.order())
                : a.name().compareTo(b.name()));
    return new Result(List.copyOf(runbooks), List.copyOf(errors));
  }

  private record Parsed(Runbook runbook, Node nameNode) {}

  /** One file's walk: its errors go to the shared list. */
  private static final class File {
    private final String file;
    private final List<RunbookError> errors;
    private int count;

    File(String file, List<RunbookError> errors) {
      this.file = file;
      this.errors = errors;
    }

    int errorCount() {
      return count;
    }

    void error(Node node, String field, String message) {
      error(node.getStartMark(), field, message);
    }

    void error(Mark mark, String field, String message) {
      count++;
      errors.add(
          new RunbookError(
              file,
              mark == null ? 1 : mark.getLine() + 1,
              mark == null ? 1 : mark.getColumn() + 1,
              field,
              message));
    }

    Optional<Parsed> parse(byte[] content) {
      String text = new String(content, StandardCharsets.UTF_8);
      Node root;
      try {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
      } catch (MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
        error(mark, "", "not valid YAML: " + problem.trim());
        return Optional.empty();
      } catch (YAMLException e) {
        error((Mark) null, "", "not valid YAML: " + e.getMessage());
        return Optional.empty();
      }
      if (root == null) {
        error((Mark) null, "", "the file is empty: a runbook is a mapping of fields");
        return Optional.empty();
      }
      if (!(root instanceof MappingNode top)) {
        error(root, "", "a runbook is a mapping of fields (name, trigger, steps, verify, …)");
        return Optional.empty();
      }
      int before = count;
      Map<String, Node> fields = fields(top, "", TOP_FIELDS);

      String expectedName = baseName(file);
      Node nameNode = fields.get("name");
      String name = expectedName;
      if (nameNode == null) {
        missing(top, "name");
      } else {
        Optional<String> value = scalar(nameNode, "name");
        if (value.isPresent()) {
          name = value.get();
          if (!NAME.matcher(name).matches()) {
            error(nameNode, "name", "\"" + name + "\" is not a runbook name: [a-z0-9-]{1,40}");
          } else if (!name.equals(expectedName)) {
            error(
                nameNode,
                "name",
                "\""
                    + name
                    + "\" differs from the file name: the file must be "
                    + name
                    + ".yaml, or the name "
                    + expectedName);
          }
        }
      }
      String description =
          Optional.ofNullable(fields.get("description"))
              .flatMap(n -> scalar(n, "description"))
              .orElse("");

      Runbook.Trigger trigger = null;
      Set<Target> carried = EnumSet.allOf(Target.class);
      Map<Target, String> lackedBy = new HashMap<>();
      Node triggerNode = fields.get("trigger");
      if (triggerNode == null) {
        missing(top, "trigger");
      } else {
        trigger = trigger(triggerNode, lackedBy);
        carried.removeAll(lackedBy.keySet());
      }

      int order =
          Optional.ofNullable(fields.get("order"))
              .flatMap(n -> integer(n, "order", Integer.MIN_VALUE))
              .orElse(DEFAULT_ORDER);
      boolean requiresApproval =
          Optional.ofNullable(fields.get("requiresApproval"))
              .flatMap(n -> bool(n, "requiresApproval"))
              .orElse(false);

      List<RunbookStep> steps = List.of();
      Node stepsNode = fields.get("steps");
      if (stepsNode == null) {
        missing(top, "steps");
      } else {
        steps = steps(stepsNode, "steps", lackedBy, false);
        if (stepsNode instanceof SequenceNode seq && seq.getValue().isEmpty()) {
          error(stepsNode, "steps", "no steps: a runbook does at least one thing");
        }
      }

      Duration stabilizationWait = null;
      Node waitNode = fields.get("stabilizationWait");
      if (waitNode != null) {
        stabilizationWait = duration(waitNode, "stabilizationWait").orElse(null);
      }
      Duration settle = null;
      Node settleNode = fields.get("settle");
      if (settleNode != null) {
        settle = duration(settleNode, "settle").orElse(null);
      }

      VerifyCondition verify = null;
      Node verifyNode = fields.get("verify");
      if (verifyNode == null) {
        missing(top, "verify");
      } else {
        verify = verify(verifyNode, lackedBy);
      }

      List<RunbookStep> rollback = null;
      Node rollbackNode = fields.get("rollback");
      if (rollbackNode != null) {
        rollback = steps(rollbackNode, "rollback", lackedBy, true);
      }

      if (count > before || trigger == null || verify == null) {
        return Optional.empty();
      }
      return Optional.of(
          new Parsed(
              new Runbook(
                  name,
                  description,
                  trigger,
                  order,
                  requiresApproval,
                  steps,
                  stabilizationWait,
                  verify,
                  rollback,
                  file,
                  sha256(content),
                  settle),
              nameNode));
    }

    /** The trigger; fills {@code lackedBy} with each target some trigger type does not carry. */
    private Runbook.Trigger trigger(Node node, Map<Target, String> lackedBy) {
      if (!(node instanceof MappingNode map)) {
        error(node, "trigger", "a mapping of types, minSeverity and channels");
        Arrays.stream(Target.values()).forEach(t -> lackedBy.put(t, "(no trigger)"));
        return null;
      }
      Map<String, Node> fields = fields(map, "trigger", TRIGGER_FIELDS);
      List<String> types = new ArrayList<>();
      Node typesNode = fields.get("types");
      if (typesNode == null) {
        missing(map, "trigger.types");
        Arrays.stream(Target.values()).forEach(t -> lackedBy.put(t, "(no types)"));
      } else {
        List<Node> items = sequence(typesNode, "trigger.types");
        if (items.isEmpty() && typesNode instanceof SequenceNode) {
          error(typesNode, "trigger.types", "no types: list at least one");
        }
        for (int i = 0; i < items.size(); i++) {
          String field = "trigger.types[" + i + "]";
          Optional<String> type = scalar(items.get(i), field);
          if (type.isEmpty()) {
            continue;
          }
          String t = type.get();
          Optional<AnomalyType> anomaly = AnomalyType.fromWire(t);
          if (anomaly.isPresent()) {
            for (Target target : Target.values()) {
              if (!carries(anomaly.get()).contains(target)) {
                lackedBy.putIfAbsent(target, t);
              }
            }
          } else if (ALERTMANAGER_TYPE.matcher(t).matches()) {
            Arrays.stream(Target.values()).forEach(target -> lackedBy.putIfAbsent(target, t));
          } else {
            error(
                items.get(i),
                field,
                "unknown type \""
                    + t
                    + "\" (one of: "
                    + Arrays.stream(AnomalyType.values())
                        .map(AnomalyType::wireName)
                        .collect(Collectors.joining(", "))
                    + ", or alertmanager:<alertname>)");
            // Not counted against the actions: the one error is enough.
          }
          types.add(t);
        }
      }
      Severity minSeverity = Severity.LOW;
      Node severityNode = fields.get("minSeverity");
      if (severityNode != null) {
        Optional<String> s = scalar(severityNode, "trigger.minSeverity");
        if (s.isPresent()) {
          Optional<Severity> parsed =
              Arrays.stream(Severity.values())
                  .filter(v -> v.wireName().equals(s.get()))
                  .findFirst();
          if (parsed.isEmpty()) {
            error(
                severityNode,
                "trigger.minSeverity",
                "unknown severity \"" + s.get() + "\" (one of: critical, high, medium, low)");
          } else {
            minSeverity = parsed.get();
          }
        }
      }
      List<String> channels = new ArrayList<>();
      Node channelsNode = fields.get("channels");
      if (channelsNode != null) {
        List<Node> items = sequence(channelsNode, "trigger.channels");
        for (int i = 0; i < items.size(); i++) {
          String field = "trigger.channels[" + i + "]";
          Optional<String> c = scalar(items.get(i), field);
          if (c.isEmpty()) {
            continue;
          }
          if (Arrays.stream(Channel.values()).noneMatch(v -> v.wireName().equals(c.get()))) {
            error(
                items.get(i),
                field,
                "unknown channel \""
                    + c.get()
                    + "\" (one of: "
                    + Arrays.stream(Channel.values())
                        .map(Channel::wireName)
                        .collect(Collectors.joining(", "))
                    + ")");
          } else {
            channels.add(c.get());
          }
        }
      }
      return new Runbook.Trigger(types, minSeverity, channels);
    }

    private List<RunbookStep> steps(
        Node node, String path, Map<Target, String> lackedBy, boolean rollback) {
      List<RunbookStep> steps = new ArrayList<>();
      List<Node> items = sequence(node, path);
      for (int i = 0; i < items.size(); i++) {
        step(items.get(i), path + "[" + i + "]", lackedBy, rollback).ifPresent(steps::add);
      }
      return steps;
    }

    private Optional<RunbookStep> step(
        Node node, String path, Map<Target, String> lackedBy, boolean rollback) {
      if (!(node instanceof MappingNode map)) {
        error(node, path, "a step is a mapping: {action: <action>, <param>: <value>, …}");
        return Optional.empty();
      }
      Node actionNode = null;
      Map<String, Node> raw = new LinkedHashMap<>();
      Map<String, Node> keys = new LinkedHashMap<>();
      for (NodeTuple tuple : map.getValue()) {
        Optional<String> key = scalar(tuple.getKeyNode(), path);
        if (key.isEmpty()) {
          continue;
        }
        if (raw.containsKey(key.get())) {
          error(tuple.getKeyNode(), path + "." + key.get(), "duplicate key");
          continue;
        }
        raw.put(key.get(), tuple.getValueNode());
        keys.put(key.get(), tuple.getKeyNode());
      }
      actionNode = raw.get("action");
      if (actionNode == null) {
        missing(map, path + ".action");
        return Optional.empty();
      }
      Optional<String> actionName = scalar(actionNode, path + ".action");
      if (actionName.isEmpty()) {
        return Optional.empty();
      }
      Optional<RemediationAction> action = RemediationAction.fromWire(actionName.get());
      if (action.isEmpty()) {
        error(
            actionNode,
            path + ".action",
            "unknown action \""
                + actionName.get()
                + "\" (one of: "
                + Arrays.stream(RemediationAction.values())
                    .map(RemediationAction::wireName)
                    .collect(Collectors.joining(", "))
                + ")");
        return Optional.empty();
      }
      RemediationAction a = action.get();
      int before = count;
      if (rollback && !UNDOABLE.contains(a)) {
        error(
            actionNode,
            path + ".action",
            a.wireName()
                + " has no undo, so it cannot be rolled back (undoable: "
                + UNDOABLE.stream()
                    .map(RemediationAction::wireName)
                    .collect(Collectors.joining(", "))
                + ")");
      }
      List<Param> allowed = PARAMS.get(a);
      Map<String, String> params = new LinkedHashMap<>();
      int maxPerHour = 0;
      for (Map.Entry<String, Node> e : raw.entrySet()) {
        String key = e.getKey();
        String field = path + "." + key;
        if (key.equals("action")) {
          continue;
        }
        if (key.equals("maxPerHour")) {
          maxPerHour = integer(e.getValue(), field, 1).orElse(0);
          continue;
        }
        Optional<Param> param = allowed.stream().filter(p -> p.name().equals(key)).findFirst();
        if (param.isEmpty()) {
          List<String> names = new ArrayList<>(List.of("action", "maxPerHour"));
          allowed.forEach(p -> names.add(p.name()));
          error(
              keys.get(key),
              field,
              "unknown field \""
                  + key
                  + "\" for "
                  + a.wireName()
                  + " (one of: "
                  + String.join(", ", names)
                  + ")");
          continue;
        }
        param(e.getValue(), field, param.get()).ifPresent(v -> params.put(key, v));
      }
      Target target = target(a, params);
      if (target != null && lackedBy.containsKey(target)) {
        error(
            actionNode,
            path + ".action",
            a.wireName()
                + " acts on "
                + target.words
                + ", which trigger type "
                + lackedBy.get(target)
                + " does not carry");
      }
      if (a == RemediationAction.THROTTLE_TENANT
          && params.containsKey("perSecond") == params.containsKey("ofAverage")) {
        error(
            map,
            path,
            "throttle_tenant needs exactly one of perSecond (a rate) or ofAverage (a multiple of"
                + " the other tenants' mean rate)");
      }
      if (a == RemediationAction.BLOCK_IP && !params.containsKey("ip")) {
        missing(map, path + ".ip");
      }
      if (count > before) {
        return Optional.empty();
      }
      return Optional.of(new RunbookStep(a, params, maxPerHour));
    }

    private Optional<String> param(Node node, String field, Param param) {
      Optional<String> value = scalar(node, field);
      if (value.isEmpty()) {
        return value;
      }
      String v = value.get().trim();
      switch (param.kind()) {
        case POSITIVE_NUMBER -> {
          if (number(v).filter(d -> d > 0).isEmpty()) {
            error(node, field, "\"" + v + "\" is not a positive number");
            return Optional.empty();
          }
        }
        case SHARE -> {
          if (number(v).filter(d -> d >= 0 && d <= 1).isEmpty()) {
            error(node, field, "\"" + v + "\" is not a share from 0 to 1");
            return Optional.empty();
          }
        }
        case POSITIVE_INT -> {
          if (intValue(v).filter(i -> i > 0).isEmpty()) {
            error(node, field, "\"" + v + "\" is not a positive whole number");
            return Optional.empty();
          }
        }
        case TEXT -> {
          if (v.isEmpty() || v.length() > 2000) {
            error(node, field, "a text of 1 to 2000 characters");
            return Optional.empty();
          }
        }
        case IP -> {
          Optional<String> ip = ipLiteral(v);
          if (ip.isEmpty()) {
            error(node, field, "\"" + v + "\" is not an IPv4 or IPv6 address");
            return Optional.empty();
          }
          return ip;
        }
        case DURATION -> {
          return duration(node, field).map(Duration::toString);
        }
        case TENANT_TARGET -> {
          if (!v.equals(TARGET_TENANT) && !v.equals(TARGET_TOP_COST_TENANT)) {
            error(
                node,
                field,
                "unknown target \""
                    + v
                    + "\" (one of: "
                    + TARGET_TENANT
                    + ", "
                    + TARGET_TOP_COST_TENANT
                    + ")");
            return Optional.empty();
          }
        }
      }
      return Optional.of(v);
    }

    private VerifyCondition verify(Node node, Map<Target, String> lackedBy) {
      if (!(node instanceof MappingNode map)) {
        error(
            node, "verify", "a mapping of scope, minSamples, allowUnproven, all and whenMeasured");
        return null;
      }
      int before = count;
      Map<String, Node> fields = fields(map, "verify", VERIFY_FIELDS);
      Scope scope = null;
      Node scopeNode = fields.get("scope");
      if (scopeNode == null) {
        missing(map, "verify.scope");
      } else {
        Optional<String> s = scalar(scopeNode, "verify.scope");
        if (s.isPresent()) {
          scope =
              Arrays.stream(Scope.values())
                  .filter(v -> v.name().toLowerCase(Locale.ROOT).equals(s.get()))
                  .findFirst()
                  .orElse(null);
          if (scope == null) {
            error(
                scopeNode,
                "verify.scope",
                "unknown scope \"" + s.get() + "\" (one of: provider, channel, tenant, queue)");
          } else {
            Target needs = scopeTarget(scope);
            if (lackedBy.containsKey(needs)) {
              error(
                  scopeNode,
                  "verify.scope",
                  "scope "
                      + s.get()
                      + " needs "
                      + needs.words
                      + ", which trigger type "
                      + lackedBy.get(needs)
                      + " does not carry");
            }
          }
        }
      }
      int minSamples =
          Optional.ofNullable(fields.get("minSamples"))
              .flatMap(n -> integer(n, "verify.minSamples", 1))
              .orElse(DEFAULT_MIN_SAMPLES);
      boolean allowUnproven =
          Optional.ofNullable(fields.get("allowUnproven"))
              .flatMap(n -> bool(n, "verify.allowUnproven"))
              .orElse(false);
      List<Expression> all = new ArrayList<>();
      Node allNode = fields.get("all");
      if (allNode == null) {
        missing(map, "verify.all");
      } else {
        expressions(allNode, "verify.all", scope, all);
      }
      List<Expression> whenMeasured = new ArrayList<>();
      Node whenNode = fields.get("whenMeasured");
      if (whenNode != null) {
        expressions(whenNode, "verify.whenMeasured", scope, whenMeasured);
      }
      if (count > before || scope == null) {
        return null;
      }
      return new VerifyCondition(scope, minSamples, allowUnproven, all, whenMeasured);
    }

    /** A non-empty list of expressions at {@code path}, into {@code into}. */
    private void expressions(Node node, String path, Scope scope, List<Expression> into) {
      List<Node> items = sequence(node, path);
      if (items.isEmpty() && node instanceof SequenceNode) {
        error(node, path, "no expressions: list at least one");
      }
      for (int i = 0; i < items.size(); i++) {
        String field = path + "[" + i + "]";
        Node item = items.get(i);
        Optional<String> text = scalar(item, field);
        if (text.isEmpty()) {
          continue;
        }
        expression(item, field, text.get(), scope).ifPresent(into::add);
      }
    }

    private Optional<Expression> expression(Node node, String field, String text, Scope scope) {
      Matcher m = EXPRESSION.matcher(text);
      if (!m.matches()) {
        error(
            node,
            field,
            "\""
                + text
                + "\" is not an expression: <metric> <op> <number>[ * expected], op one of < <="
                + " > >=");
        return Optional.empty();
      }
      Optional<Metric> metric =
          Arrays.stream(Metric.values()).filter(v -> v.wireName().equals(m.group(1))).findFirst();
      if (metric.isEmpty()) {
        error(
            node,
            field,
            "unknown metric \""
                + m.group(1)
                + "\" (one of: "
                + Arrays.stream(Metric.values())
                    .map(Metric::wireName)
                    .collect(Collectors.joining(", "))
                + ")");
        return Optional.empty();
      }
      if (scope != null && !fits(metric.get(), scope)) {
        error(
            node,
            field,
            metric.get().wireName()
                + " is not measured over scope "
                + scope.name().toLowerCase(Locale.ROOT)
                + " (it fits: "
                + Arrays.stream(Scope.values())
                    .filter(s -> fits(metric.get(), s))
                    .map(s -> s.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "))
                + ")");
        return Optional.empty();
      }
      Comparison op =
          Arrays.stream(Comparison.values())
              .filter(c -> c.symbol().equals(m.group(2)))
              .findFirst()
              .orElseThrow();
      return Optional.of(
          new Expression(metric.get(), op, Double.parseDouble(m.group(3)), m.group(4) != null));
    }

    /** The mapping's fields by key; unknown and duplicate keys are errors. */
    private Map<String, Node> fields(MappingNode map, String path, List<String> allowed) {
      Map<String, Node> fields = new LinkedHashMap<>();
      for (NodeTuple tuple : map.getValue()) {
        Optional<String> key = scalar(tuple.getKeyNode(), path.isEmpty() ? "(key)" : path);
        if (key.isEmpty()) {
          continue;
        }
        String field = path.isEmpty() ? key.get() : path + "." + key.get();
        if (!allowed.contains(key.get())) {
          error(
              tuple.getKeyNode(),
              field,
              "unknown field \"" + key.get() + "\" (one of: " + String.join(", ", allowed) + ")");
          continue;
        }
        if (fields.containsKey(key.get())) {
          error(tuple.getKeyNode(), field, "duplicate key");
          continue;
        }
        fields.put(key.get(), tuple.getValueNode());
      }
      return fields;
    }

    private void missing(Node parent, String field) {
      error(parent, field, "missing (required)");
    }

    private Optional<String> scalar(Node node, String field) {
      if (node instanceof ScalarNode s) {
        return Optional.of(s.getValue());
      }
      error(node, field, "a single value, not a " + kind(node));
      return Optional.empty();
    }

    private List<Node> sequence(Node node, String field) {
      if (node instanceof SequenceNode s) {
        return s.getValue();
      }
      error(node, field, "a list ([a, b] or one \"- item\" per line), not a " + kind(node));
      return List.of();
    }

    private Optional<Integer> integer(Node node, String field, int least) {
      Optional<String> value = scalar(node, field);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      Optional<Integer> i = intValue(value.get().trim());
      if (i.isEmpty() || i.get() < least) {
        error(
            node,
            field,
            "\""
                + value.get()
                + "\" is not a whole number"
                + (least == Integer.MIN_VALUE ? "" : " of at least " + least));
        return Optional.empty();
      }
      return i;
    }

    private Optional<Boolean> bool(Node node, String field) {
      Optional<String> value = scalar(node, field);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      return switch (value.get().trim()) {
        case "true" -> Optional.of(true);
        case "false" -> Optional.of(false);
        default -> {
          error(node, field, "\"" + value.get() + "\" is not true or false");
          yield Optional.empty();
        }
      };
    }

    private Optional<Duration> duration(Node node, String field) {
      Optional<String> value = scalar(node, field);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      Duration d;
      try {
        d = DurationStyle.SIMPLE.parse(value.get().trim());
      } catch (IllegalArgumentException e) {
        error(node, field, "\"" + value.get() + "\" is not a duration (e.g. 30s, 2m, 500ms)");
        return Optional.empty();
      }
      if (d.isNegative() || d.isZero()) {
        error(node, field, "must be a positive duration, got " + value.get());
        return Optional.empty();
      }
      return Optional.of(d);
    }
  }

  /** The targets an anomaly of this type carries. */
  static Set<Target> carries(AnomalyType type) {
    return switch (type) {
      case DELIVERY_RATE_DROP, LATENCY_SPIKE, DELIVERY_RATE_ANOMALY, PROVIDER_OUTAGE ->
          EnumSet.of(Target.PROVIDER, Target.CHANNEL);
      case COST_SPIKE -> EnumSet.of(Target.CHANNEL);
      case NOISY_NEIGHBOR_VOLUME -> EnumSet.of(Target.TENANT);
      case TASK_QUEUE_BACKLOG -> EnumSet.of(Target.QUEUE);
    };
  }

  /** What the action acts on; null when nothing in particular (notify, clear_cache, …). */
  static Target target(RemediationAction action, Map<String, String> params) {
    return switch (action) {
      case FAILOVER -> Target.PROVIDER;
      case THROTTLE_TENANT ->
          TARGET_TOP_COST_TENANT.equals(params.get("target")) ? Target.CHANNEL : Target.TENANT;
      case SCALE_WORKERS, RESTART_WORKER -> Target.QUEUE;
      case BLOCK_IP, CLEAR_CACHE, NOTIFY, REQUIRE_APPROVAL -> null;
    };
  }

  static Target scopeTarget(Scope scope) {
    return switch (scope) {
      case PROVIDER -> Target.PROVIDER;
      case CHANNEL -> Target.CHANNEL;
      case TENANT -> Target.TENANT;
      case QUEUE -> Target.QUEUE;
    };
  }

  /** Whether the metric is measured over the scope. */
  public static boolean fits(Metric metric, Scope scope) {
    return switch (metric) {
      case DELIVERY_RATE_PERCENT, CALL_SUCCESS_PERCENT, P95_LATENCY_MS, COST_USD_PER_HOUR ->
          scope == Scope.PROVIDER || scope == Scope.CHANNEL;
      case TENANT_VOLUME_RATIO -> scope == Scope.TENANT;
      case BACKLOG_AGE_MS -> scope == Scope.QUEUE;
    };
  }

  /**
   * The canonical text of an IPv4 or IPv6 literal (never a DNS lookup: anything but a literal is
   * refused).
   */
  public static Optional<String> ipLiteral(String text) {
    String v = text.trim();
    boolean v4 = v.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    boolean v6 = v.contains(":") && v.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) {
      return Optional.empty();
    }
    if (v4) {
      for (String part : v.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return Optional.empty();
        }
      }
    }
    try {
      return Optional.of(InetAddress.getByName(v).getHostAddress());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static String kind(Node node) {
    if (node instanceof MappingNode) {
      return "mapping";
    }
    if (node instanceof SequenceNode) {
      return "list";
    }
    return "value";
  }

  private static Optional<Double> number(String v) {
    try {
      double d = Double.parseDouble(v);
      return Double.isFinite(d) ? Optional.of(d) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Integer> intValue(String v) {
    try {
      return Optional.of(Integer.parseInt(v));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String baseName(String file) {
    String name = file.substring(file.lastIndexOf('/') + 1);
    return name.endsWith(".yaml") ? name.substring(0, name.length() - 5) : name;
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
