# Sourced: sets JAVA_HOME to a JDK 21+ (the Temurin 25 beside the system's, a JAVA_HOME already 21+, or java on PATH).
jdk_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(jdk_major "$JAVA_HOME" 2>/dev/null || echo 0)" -lt 21 ] 2>/dev/null; then
  for cand in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$cand/bin/java" ] && [ "$(jdk_major "$cand" 2>/dev/null || echo 0)" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME=$cand; break
    fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || [ "$(jdk_major "$JAVA_HOME" 2>/dev/null || echo 0)" -lt 21 ]; then
  echo "Tether needs a JDK 21 or newer; set JAVA_HOME to one." >&2; exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"
