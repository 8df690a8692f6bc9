# Build: docker build -t logtally .
# Run:   docker run --rm -v logtally:/var/lib/logtally -v "$PWD/jobs:/var/lib/logtally/specs:ro" \
#          -e TENCENT_SECRET_ID -e TENCENT_SECRET_KEY \
#          logtally export --job /var/lib/logtally/specs/scf-functions.yaml --from 2026-11-01 --to 2026-11-02
#
# Everything logtally writes is under the volume /var/lib/logtally: the home (job repositories, logs, reports, metrics,
# S3 staging) and, for the example specs, the archive. Their destination is `../archive`, relative to the spec file,
# so specs mounted at /var/lib/logtally/specs write to /var/lib/logtally/archive. A spec mounted anywhere else must
# name a destination on the volume, or the check before the run refuses it (exit 2, naming the folder).
#
# The user is numeric (10001:10001) so that Kubernetes can check `runAsNonRoot` against the image; the manifests in
# jobs/ set runAsUser, runAsGroup and fsGroup to the same numbers.
#
# Start-up: the jar runs extracted (its libraries as plain jars next to it) with a class-data sharing archive, which
# JDK 17 can only make of classes on the plain class path. The archive is written by one training run in the image
# build, `logtally demo` (an export of every source from the built-in sandbox, on loopback, no network), in the image's
# own JVM, and serves only that JVM build and these jar files: a JVM that cannot use it says so and runs without it.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY src src
RUN mvn -B -ntp -q -DskipTests package \
	&& java -Djarmode=tools -jar target/logtally.jar extract --destination target/extracted

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 logtally \
	&& useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/logtally --create-home --shell /usr/sbin/nologin \
		logtally \
	&& chmod 0700 /var/lib/logtally
COPY --from=build /src/target/extracted /opt/logtally
RUN java -XX:ArchiveClassesAtExit=/opt/logtally/logtally.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
		-jar /opt/logtally/logtally.jar demo --dir /tmp/logtally-training >/dev/null \
	&& rm -rf /tmp/logtally-training \
	&& chmod 0444 /opt/logtally/logtally.jsa
USER 10001:10001
ENV LOGTALLY_HOME=/var/lib/logtally
VOLUME /var/lib/logtally
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/opt/logtally/logtally.jsa", "-jar", "/opt/logtally/logtally.jar"]
CMD ["--help"]
