# Sourced by ./rnnlab and ./run-tests: selects a JDK 25 and Maven, or says what to install.

# Prints the feature version of the java in $1 (a JDK home), or nothing.
java_feature_version() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

# Sets JAVA_HOME to a JDK 25 or newer: $JAVA_HOME if it is one, else /usr/lib/jvm/*25*.
select_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    local v
    v=$(java_feature_version "$candidate")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "rnnlab: no JDK 25 found (JAVA_HOME='${JAVA_HOME:-}', nothing under /usr/lib/jvm)." >&2
  echo "rnnlab: install one (e.g. Eclipse Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}

require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "rnnlab: Maven is needed to build: install it (Debian: apt-get install maven)." >&2
    return 1
  fi
}
