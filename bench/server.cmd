@echo off
rem Benchmarks the HTTP server: events/s of one chat stream, time to first event, GET /sessions requests/s.
rem Usage: bench\server.cmd [EVENTS_PER_STREAM] [FIRST_EVENT_SAMPLES] [SECONDS_OF_LOAD]
rem Needs JDK 21+ (JAVA_HOME or java on PATH) and Maven on PATH.
setlocal
cd /d "%~dp0.."
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
rem package builds tether-server.jar with its libraries in target\libs; the benchmark is in test-classes
call mvn -q -B -ntp -pl tether-server -am package -DskipTests 1>&2 || exit /b 1
"%JAVA%" --enable-native-access=ALL-UNNAMED ^
    -cp "tether-server\target\test-classes;tether-server\target\tether-server.jar;tether-server\target\libs\*" ^
    dev.tether.server.bench.ServerBench %*
