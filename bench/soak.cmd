@echo off
rem Soak: steady chat + session CRUD + MCP tool calls while heap after GC, RSS, threads are sampled; a verdict line.
rem Usage: bench\soak.cmd [MINUTES=10] [SAMPLE_SECONDS=10]
rem Needs JDK 21+ (JAVA_HOME or java on PATH) and Maven on PATH.
setlocal
cd /d "%~dp0.."
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
rem package builds tether-server.jar with its libraries in target\libs; the benchmark is in test-classes
call mvn -q -B -ntp -pl tether-server -am package -DskipTests 1>&2 || exit /b 1
"%JAVA%" --enable-native-access=ALL-UNNAMED -Xmx256m ^
    -cp "tether-server\target\test-classes;tether-server\target\tether-server.jar;tether-server\target\libs\*" ^
    dev.tether.server.bench.SoakBench %*
