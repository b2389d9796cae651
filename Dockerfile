# channel-hub's image: built with the Maven wrapper on a JDK, run on a JRE as an unprivileged user, with config/ and
# routes/ next to the jar because the hub reads both from its working directory (integration engineers edit routes
# without a rebuild: mount a directory over /app/routes or /app/config to change them).
# Not built by the test suite here (there is no Docker where it runs): see docs/deployment.md.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
# the wrapper and the POM first: the dependency layer is reused until pom.xml changes
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -ntp dependency:go-offline
COPY src src
# the tests need the repository around them (routes/, config/, a Kafka broker, simulators); CI runs them, not the image
RUN ./mvnw -B -ntp package -DskipTests \
    && cp target/channel-hub-*.jar /build/channel-hub.jar

FROM eclipse-temurin:17-jre
# a fixed uid, so that files handed in from the host (the ops credentials file) can be owned by it
RUN groupadd --system --gid 10001 hub \
    && useradd --system --uid 10001 --gid hub --home-dir /app --no-create-home --shell /usr/sbin/nologin hub
WORKDIR /app
COPY --from=build /build/channel-hub.jar channel-hub.jar
# read-only for the hub: owned by root
COPY config config
COPY routes routes
# hub.data-dir: unused with the postgres profile and an external Kafka, but the hub's only writable place
RUN mkdir data && chown hub:hub data
USER 10001:10001
# 8080 webhooks (public, behind the load balancer); 8081 ops API, health and metrics (internal only)
EXPOSE 8080 8081
# production runs the postgres profile; without HUB_DB_URL and KAFKA_BOOTSTRAP_SERVERS it refuses to start, naming
# them. SPRING_PROFILES_ACTIVE="" runs the embedded defaults (in-process Kafka and H2 in /app/data) to try the image.
ENV SPRING_PROFILES_ACTIVE=postgres \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/channel-hub.jar"]
