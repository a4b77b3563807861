# For users who build with Docker (the Maven build's Jib makes the same image without a Docker daemon:
# `mvn package jib:build -Dimage=REGISTRY/inference-perf:TAG`; see docs/kubernetes.md).
#   docker build -t inference-perf .
#   docker run --rm --network host -v "$PWD/config.yml:/workspace/config.yml:ro" inference-perf
FROM maven:3-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -Dmaven.test.skip=true -Djib.skip=true package

FROM eclipse-temurin:25-jre
# the same layout as the Jib image: the application in /app, the entrypoint script on PATH, user 65532, results in
# /workspace, everything the JVM writes in /tmp (mount emptyDirs there for a read-only root file system)
RUN groupadd --gid 65532 nonroot && useradd --uid 65532 --gid 65532 --home-dir /tmp --no-create-home nonroot \
 && mkdir -p /workspace /app/libs && chown 65532:65532 /workspace
COPY --from=build /src/target/inference-perf.jar /app/libs/inference-perf.jar
RUN echo /app/libs/inference-perf.jar > /app/jib-classpath-file && echo io.inferenceperf.Main > /app/jib-main-class-file
COPY src/main/container/usr/local/bin/inference-perf /usr/local/bin/inference-perf
ENV HOME=/tmp TMPDIR=/tmp
USER 65532:65532
WORKDIR /workspace
ENTRYPOINT ["/usr/local/bin/inference-perf"]
# no args: config.yml in /workspace, as inference-perf's image does
CMD ["--config_file", "config.yml"]
