# agner — build entry points. Finds a JDK >= 25 by itself; see scripts/find-jdk.
SHELL := /bin/bash
.DEFAULT_GOAL := build

JDK := $(shell scripts/find-jdk)
ifeq ($(JDK),)
$(error no JDK 25 or newer found; install one (e.g. Temurin 25) or set JAVA_HOME to it)
endif
export JAVA_HOME := $(JDK)
JAVA := $(JDK)/bin/java

# Maven itself runs on that JDK; allow its bundled Guava to use Unsafe without JDK 25's warnings.
export MAVEN_OPTS := --sun-misc-unsafe-memory-access=allow $(MAVEN_OPTS)
MVN_FLAGS := -B -ntp -Dstyle.color=never

DEMO_MAIN := io.agner.examples.Demo

.PHONY: build test demo clean jdk maven

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

build: maven
	mvn $(MVN_FLAGS) -q package -DskipTests

test: maven
	mvn $(MVN_FLAGS) verify

demo: build
	$(JAVA) -cp "examples/target/classes:$$(cat examples/target/classpath.txt)" $(DEMO_MAIN)

clean: maven
	mvn $(MVN_FLAGS) -q clean
