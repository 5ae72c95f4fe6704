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

iris_build_if_changed() { # packages the reactor when a source is newer than the jars
  cd "$IRIS_ROOT"
  local jar
  for jar in "$IRIS_API_JAR" "$IRIS_SIMULATOR_LIB" "$IRIS_SIMULATOR_JAR" bench/target/classpath.txt; do
    if [ ! -f "$jar" ] || [ -n "$(find pom.xml */pom.xml */src runbooks -newer "$jar" -type f 2>/dev/null | head -n1)" ]; then
      iris_log "building (mvn clean package, tests skipped; 'make test' runs them)"
      # clean: a resource deleted or moved to another module since the last build would otherwise
      # stay in target/classes and still be read (e.g. a removed setting that stops the start-up).
      mvn -B -q -ntp -DskipTests clean package >&2
      return
    fi
  done
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
