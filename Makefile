# agner — build entry points. Finds a JDK >= 25 by itself; see scripts/find-jdk.
SHELL := /bin/bash
.DEFAULT_GOAL := build

JDK := $(shell scripts/find-jdk)
ifeq ($(JDK),)
$(error no JDK 25 or newer found; install one (e.g. Temurin 25) or set JAVA_HOME to it)
endif
export JAVA_HOME := $(JDK)
# The JVM flag agner's scheduler needs (JDK 25's VirtualThreadBuilder(Executor)); without it nodes
# fall back to the JDK's scheduler and say so once. -XX:+ExitOnOutOfMemoryError: a node that runs out
# of memory dies at once, as an Erlang node does, instead of limping on with some processes dead.
# Every java command below passes both.
AGNER_JVM_FLAGS := --add-opens java.base/java.lang=ALL-UNNAMED -XX:+ExitOnOutOfMemoryError
JAVA := $(JDK)/bin/java $(AGNER_JVM_FLAGS)

# Maven itself runs on that JDK; allow its bundled Guava to use Unsafe without JDK 25's warnings.
export MAVEN_OPTS := --sun-misc-unsafe-memory-access=allow $(MAVEN_OPTS)
MVN_FLAGS := -B -ntp -Dstyle.color=never

DEMO_MAIN := io.agner.switchdemo.SwitchDemo
# Heap for the benchmark JVM: a million processes need about 1 GB; fixed size so GC sizing does not vary between runs.
BENCH_JVM_FLAGS ?= -Xms4g -Xmx4g -XX:+UseParallelGC

.PHONY: build test install demo demo-cluster tour upgrade-demo bench clean jdk maven erlang chromium

jdk:
	@echo "Using JDK $(JDK) ($$($(JAVA) -version 2>&1 | head -n 1))"

maven: jdk
	@if ! command -v mvn >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Maven not found; installing Debian's maven package"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null \
	      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null; }; \
	  else \
	    echo "Maven (3.8 or newer) is needed: install it (e.g. 'apt-get install maven') and run make again." >&2; exit 1; \
	  fi; \
	fi

# The observer's browser tests drive Debian's headless chromium through its chromedriver.
chromium:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "chromium or chromedriver not found; installing Debian's chromium and chromium-driver (the observer's browser tests)"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null \
	      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }; \
	  else \
	    echo "The observer's browser tests need /usr/bin/chromium and /usr/bin/chromedriver: install them (e.g. 'apt-get install chromium chromium-driver') and run make test again." >&2; exit 1; \
	  fi; \
	fi

build: maven
	mvn $(MVN_FLAGS) -q package -DskipTests

test: maven chromium
	mvn $(MVN_FLAGS) verify

# Installs the library artifacts (agner-runtime, -testkit, -supervisor, -hotswap, -cli, -observer, -micrometer),
# agner-bom and the parent pom into the local Maven repository (~/.m2), for projects outside this
# build (see examples/getting-started). The demos, examples and bench are built but not installed.
install: maven
	mvn $(MVN_FLAGS) -q install -DskipTests

# The main job: the telephone switch (see the README); DEMO_ARGS e.g. "--keep-running --trunks 80 --erlangs 70",
# or "--upgrade=lines" (upgrade every line process mid-run; --upgrade=billing|lines|both|off, on = billing).
demo: build
	$(JAVA) -cp "switch-demo/target/classes:$$(cat switch-demo/target/classpath.txt)" $(DEMO_MAIN) $(DEMO_ARGS)

# The switch on Apache Kafka: a loopback KRaft broker, three switch nodes as JVMs, one killed mid-run.
demo-cluster: build
	$(JAVA) --sun-misc-unsafe-memory-access=allow -cp "switch-demo/target/classes:$$(cat switch-demo/target/classpath.txt)" io.agner.switchdemo.cluster.ClusterDemo $(DEMO_ARGS)

# The runtime tour: links and a crash, a ring of 10,000 processes, a supervision tree under fire.
tour: build
	$(JAVA) -cp "examples/target/classes:$$(cat examples/target/classpath.txt)" io.agner.examples.Demo

# The live-upgrade example: a node running counter@1; upgrade it from another terminal with bin/agner.
upgrade-demo: build
	$(JAVA) -cp "examples/target/classes:$$(cat examples/target/classpath.txt)" io.agner.examples.upgrade.LiveUpgrade $(SECONDS)

# Benchmarks beside Erlang/OTP and a bare virtual-thread baseline; BENCH_QUICK=1 for a 1/10-size smoke run.
# The bench's own logging configuration by name: the switch demo's jar on its class path carries a logback.xml too.
bench: build erlang
	$(JAVA) $(BENCH_JVM_FLAGS) --sun-misc-unsafe-memory-access=allow -Dlogback.configurationFile=bench-logback.xml -cp "bench/target/classes:$$(cat bench/target/classpath.txt)" io.agner.bench.Main $(BENCH_ARGS)

# Installs Debian's erlang-base for the Erlang column when missing and possible; otherwise the table says how.
erlang:
	@if ! command -v erl >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Erlang not found; installing Debian's erlang-base for the benchmark's Erlang column"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq erlang-base >/dev/null \
	      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq erlang-base >/dev/null; } \
	      || echo "Could not install erlang-base; the table will have no Erlang column."; \
	  else \
	    echo "Erlang not found: the table will have no Erlang column (install it with 'apt-get install erlang-base')."; \
	  fi; \
	fi

clean: maven
	mvn $(MVN_FLAGS) -q clean
