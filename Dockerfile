# syntax=docker/dockerfile:1
# Build stage: the Maven wrapper builds the executable jar (tests run in CI, not in the image build).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# dependencies first, so a source change does not download them again
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN chmod +x mvnw && ./mvnw -B -q dependency:go-offline
COPY . .
RUN chmod +x mvnw && ./mvnw -B -DskipTests package

# Run stage: only the JRE and the jar, as an unprivileged user.
FROM eclipse-temurin:17-jre
RUN groupadd --system hostflow && useradd --system --gid hostflow --home-dir /app hostflow
WORKDIR /app
COPY --from=build /src/target/hostflow-*.jar /app/hostflow.jar
USER hostflow
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["java", "-jar", "/app/hostflow.jar"]
