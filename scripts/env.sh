# Sourced by the Makefile's scripts: selects a JDK >= 21 and the project-local tools folder.
# Usage: . scripts/env.sh

IRIS_ROOT="${IRIS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
IRIS_TOOLS="${IRIS_TOOLS:-$IRIS_ROOT/.tools}"
IRIS_DATA="${IRIS_DATA:-$IRIS_ROOT/.iris}"
export IRIS_ROOT IRIS_TOOLS IRIS_DATA
# sbin holds runuser (used to run PostgreSQL as its owner), missing from some non-login PATHs.
export PATH="$IRIS_TOOLS/bin:$PATH:/usr/sbin:/sbin"

iris_java_major() { # prints the major version of the java binary in $1
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
}

iris_select_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ /opt/java/*/ /usr/local/java/*/ 2>/dev/null | sort -rV); do
    candidate="${candidate%/}"
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major="$(iris_java_major "$candidate/bin/java")"
    if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      # Maven's own libraries use sun.misc.Unsafe, which JDK 24+ warns about at every start.
      if [ "${major%%.*}" -ge 24 ] && [[ "${MAVEN_OPTS:-}" != *sun-misc-unsafe* ]]; then
        export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
      fi
      return 0
    fi
  done
  echo "IRIS needs a JDK >= 21 and found none (JAVA_HOME or /usr/lib/jvm)." >&2
  echo "Install one, e.g. 'apt-get install openjdk-21-jdk' or a Temurin 21+ package, then retry." >&2
  return 1
}

iris_log() { printf '\033[1;34m[iris]\033[0m %s\n' "$*" >&2; }
iris_warn() { printf '\033[1;33m[iris] WARNING:\033[0m %s\n' "$*" >&2; }

# The packaged jars (mvn package in the reactor; never `install`, which would write ~/.m2).
IRIS_API_JAR="api/target/iris-api-0.1.0-SNAPSHOT.jar"
IRIS_SIMULATOR_LIB="simulator/target/iris-simulator-0.1.0-SNAPSHOT.jar"
IRIS_SIMULATOR_JAR="simulator/target/iris-simulator-0.1.0-SNAPSHOT-exec.jar"
IRIS_WORKERS_JAR="workers/target/iris-workers-0.1.0-SNAPSHOT-exec.jar"

iris_build_if_changed() { # packages the reactor when a source is newer than the jars
  cd "$IRIS_ROOT"
  local jar
  for jar in "$IRIS_API_JAR" "$IRIS_WORKERS_JAR" "$IRIS_SIMULATOR_LIB" "$IRIS_SIMULATOR_JAR" bench/target/classpath.txt; do
    if [ ! -f "$jar" ] || [ -n "$(find pom.xml */pom.xml */src runbooks -newer "$jar" -type f 2>/dev/null | head -n1)" ]; then
      iris_log "building (mvn clean package, tests skipped; 'make test' runs them)"
      # clean: a resource deleted or moved to another module since the last build would otherwise
      # stay in target/classes and still be read (e.g. a removed setting that stops the start-up).
      mvn -B -q -ntp -DskipTests clean package >&2
      return
    fi
  done
}

iris_stop_pid() { # pid: TERM, then waits until it is gone (it need not be this shell's child)
  kill "$1" 2>/dev/null || return 0
  wait "$1" 2>/dev/null || true
  local deadline=$((SECONDS + ${IRIS_STOP_TIMEOUT:-30}))
  while kill -0 "$1" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
  kill -0 "$1" 2>/dev/null && kill -9 "$1" 2>/dev/null
  return 0
}

iris_wait_http() { # url pid seconds log: waits for a 2xx from url while pid lives
  local url="$1" pid="$2" seconds="$3" log="$4" deadline=$((SECONDS + $3))
  until curl -fs -o /dev/null "$url"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      iris_warn "it stopped during start-up; the end of $log:"; tail -n 30 "$log" >&2; return 1
    fi
    [ "$SECONDS" -ge "$deadline" ] && { iris_warn "not ready in $seconds s; see $log"; return 1; }
    sleep 1
  done
}

# One worker process (the workers application alone, as compose's workers service), in the
# foreground: run it with `&`. Killed by a signal (kill -9, the OOM killer) it is started again
# after IRIS_WORKER_RESTART_DELAY (1s), as compose's restart policy does; one that exits by itself
# (a configuration error, say) stays down and its log says why. TERM stops it for good.
#   iris_run_worker INDEX PORT LOG PIDFILE    (PIDFILE: the running JVM's pid, for kill -9 trials)
# Reads APP_URL (the api: status callbacks, and the simulator when it runs inside the api) and,
# in the dev profile, IRIS_SIMULATOR_URL when the simulator runs apart.
iris_run_worker() {
  local index="$1" port="$2" log="$3" pidfile="$4" java_pid="" status
  trap '[ -n "$java_pid" ] && kill "$java_pid" 2>/dev/null; [ -n "$java_pid" ] && wait "$java_pid" 2>/dev/null; rm -f "$pidfile"; exit 0' TERM
  local -a env=(IRIS_WORKERS_ENABLED=true "IRIS_WORKERS_PORT=$port"
                "IRIS_PUBLIC_BASE_URL=${IRIS_PUBLIC_BASE_URL:-$APP_URL}")
  if [[ ",${SPRING_PROFILES_ACTIVE:-}," == *,dev,* ]]; then
    # The dev profile's settings live with the api (its simulator defaults); the workers read the
    # same file, and reach the simulator where it runs.
    env+=("SPRING_CONFIG_ADDITIONAL_LOCATION=optional:file:$IRIS_ROOT/api/src/main/resources/application-dev.yml"
          "IRIS_SIMULATOR_URL=${IRIS_SIMULATOR_URL:-$APP_URL}")
  fi
  while true; do
    env "${env[@]}" java ${IRIS_WORKER_JAVA_OPTS:--XX:+UseZGC -Xmx1g} -jar "$IRIS_ROOT/$IRIS_WORKERS_JAR" >>"$log" 2>&1 &
    java_pid=$!
    echo "$java_pid" >"$pidfile"
    status=0
    wait "$java_pid" || status=$?
    if [ "$status" -le 128 ]; then
      iris_warn "worker process $index (pid $java_pid) exited with status $status; see $log"
      rm -f "$pidfile"
      return "$status"
    fi
    iris_warn "worker process $index (pid $java_pid) was killed (status $status); starting it again"
    sleep "${IRIS_WORKER_RESTART_DELAY:-1s}"
  done
}
