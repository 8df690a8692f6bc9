# Build: docker build -t logtally .
# Run:   docker run --rm -v $PWD/jobs:/jobs -v logtally:/var/lib/logtally -e TENCENT_SECRET_ID -e TENCENT_SECRET_KEY \
#          logtally export --job /jobs/scf-functions.yaml --from 2026-11-01 --to 2026-11-02
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY src src
RUN mvn -B -ntp -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /var/lib/logtally --create-home logtally
COPY --from=build /src/target/logtally.jar /opt/logtally/logtally.jar
USER logtally
ENV LOGTALLY_HOME=/var/lib/logtally
VOLUME /var/lib/logtally
ENTRYPOINT ["java", "-jar", "/opt/logtally/logtally.jar"]
CMD ["--help"]
