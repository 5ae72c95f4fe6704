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
