package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Healthy start-ups of the common runtimes, their database and broker clients, and Docker/Compose must not give a
 * root cause: the runtime and Docker patterns look for failures, not for the words those failures share with
 * normal operation (connections, ports, health, passwords, pulls).
 */
class RuntimesAndDockerBenignLinesTest extends BuiltInEngineTest {

    static final List<String> RUNTIME_LOGS = List.of(
            """
            2026-12-07 10:00:00.112  INFO 1 --- [main] com.example.shop.Application : Starting Application v1.4.2 using Java 17.0.9 with PID 1
            2026-12-07 10:00:02.340  INFO 1 --- [main] com.zaxxer.hikari.HikariDataSource : HikariPool-1 - Start completed.
            2026-12-07 10:00:03.512  INFO 1 --- [main] o.s.b.w.embedded.tomcat.TomcatWebServer : Tomcat started on port 8080 (http) with context path ''
            2026-12-07 10:00:03.530  INFO 1 --- [main] com.example.shop.Application : Started Application in 4.2 seconds (process running for 4.9)
            """,
            """
            [INFO] Kafka version: 3.6.1
            [INFO] [Consumer clientId=shop-1, groupId=shop] Discovered group coordinator kafka-0:9092 (id: 2147483647 rack: null)
            [INFO] [Consumer clientId=shop-1, groupId=shop] Successfully joined group with generation Generation{generationId=3}
            """,
            """
            > shop-api@1.4.2 start
            > node dist/main.js
            Connected to PostgreSQL at db.internal:5432 as user shop
            Redis client ready (redis://redis:6379)
            Server listening on http://0.0.0.0:3000
            """,
            """
            [2026-12-07 10:00:00 +0000] [1] [INFO] Starting gunicorn 21.2.0
            [2026-12-07 10:00:00 +0000] [1] [INFO] Listening at: http://0.0.0.0:8000 (1)
            [2026-12-07 10:00:00 +0000] [1] [INFO] Using worker: sync
            [2026-12-07 10:00:00 +0000] [7] [INFO] Booting worker with pid: 7
            Settings loaded: 0 validation errors for Settings
            """,
            """
            INFO:     Started server process [1]
            INFO:     Waiting for application startup.
            INFO:     Application startup complete.
            INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)
            """,
            """
            2026/12/07 10:00:00 connected to postgres host=db.internal user=shop database=shop
            2026/12/07 10:00:00 kafka: successfully initialized new client
            2026/12/07 10:00:00 listening on :8080
            """,
            """
            info: Microsoft.Hosting.Lifetime[14]
                  Now listening on: http://[::]:8080
            info: Microsoft.Hosting.Lifetime[0]
                  Application started. Press Ctrl+C to shut down.
            """,
            """
            => Booting Puma
            => Rails 7.1.2 application starting in production
            Puma starting in single mode...
            * Listening on http://0.0.0.0:3000
            Use Ctrl-C to stop
            """,
            """
            [07-Dec-2026 10:00:00] NOTICE: fpm is running, pid 1
            [07-Dec-2026 10:00:00] NOTICE: ready to handle connections
            """,
            """
            2026-12-07T10:00:00.112Z WARN  [main] Connection to Redis lost, reconnecting (attempt 1/10)
            2026-12-07T10:00:01.340Z INFO  [main] Reconnected to Redis at redis:6379
            2026-12-07T10:00:01.512Z INFO  [main] TLS certificate for api.example.com valid until 2027-03-01
            """,
            """
            2026-12-07T10:00:00Z WARN  db not ready: dial tcp 10.0.3.15:5432: connect: connection refused, retrying in 2s
            2026-12-07T10:00:02Z WARN  db not ready: dial tcp 10.0.3.15:5432: connect: connection refused, retrying in 2s
            2026-12-07T10:00:04Z INFO  Connected to postgres after 3 attempts
            2026-12-07T10:00:04Z INFO  listening on :8080
            """,
            """
            ERROR: ld.so: object 'libjemalloc.so.2' from LD_PRELOAD cannot be preloaded (cannot open shared object file): ignored.
            2026-12-07T10:00:00Z INFO  worker started, concurrency=4
            """);

    static final List<String> DOCKER_OUTPUT = List.of(
            """
            $ docker compose up -d
            [+] Running 4/4
             ✔ Network shop_default      Created
             ✔ Volume "shop_pgdata"      Created
             ✔ Container shop-db-1       Healthy
             ✔ Container shop-web-1      Started
            """,
            """
            $ docker compose up -d --build
            [+] Running 1/1
             ! web Warning pull access denied for shop-web, repository does not exist or may require 'docker login'
            [+] Building 12.4s (10/10) FINISHED
             => naming to docker.io/library/shop-web
            [+] Running 2/2
             ✔ Container shop-web-1  Started
            """,
            """
            $ docker pull postgres:16
            16: Pulling from library/postgres
            Digest: sha256:4f1c2b3a5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a
            Status: Downloaded newer image for postgres:16
            docker.io/library/postgres:16
            """,
            """
            CONTAINER ID   IMAGE            COMMAND               STATUS                   PORTS                    NAMES
            3f2a1b9c8d7e   shop/web:1.4.2   "node dist/main.js"   Up 4 minutes (healthy)   0.0.0.0:8080->8080/tcp   shop-web-1
            """,
            """
            2026-12-07T10:04:00.000000000Z container health_status: healthy 3f2a1b9c8d7e (image=shop/web:1.4.2, name=shop-web-1)
            """,
            """
            $ docker compose down
            [+] Running 3/3
             ✔ Container shop-web-1  Removed
             ✔ Container shop-db-1   Removed
             ✔ Network shop_default  Removed
            """);

    @Test
    void healthyRuntimeLogsGiveNoRootCause() {
        assertThat(loud(RUNTIME_LOGS, List.of(Optional.empty(), Optional.of(Platform.KUBERNETES), Optional.of(Platform.DOCKER))))
                .isEmpty();
    }

    @Test
    void healthyDockerOutputGivesNoRootCause() {
        // Docker's own output, diagnosed as Docker (a paste of unknown origin also runs the Kubernetes pull patterns)
        assertThat(loud(DOCKER_OUTPUT, List.of(Optional.of(Platform.DOCKER)))).isEmpty();
    }

    private static List<String> loud(List<String> texts, List<Optional<Platform>> platforms) {
        List<String> loud = new ArrayList<>();
        for (String text : texts) {
            for (Optional<Platform> platform : platforms) {
                DiagnosticRequest.Builder b = DiagnosticRequest.builder().input(EvidenceInput.ofText("pasted.txt", text));
                platform.ifPresent(b::platform);
                DiagnosticReport r = engine.analyze(b.build());
                if (r.verdict() == Verdict.ROOT_CAUSE_FOUND) {
                    loud.add(platform.map(Platform::id).orElse("-") + ": " + r.findings().get(0).patternId() + " <- "
                            + text.lines().findFirst().orElse(""));
                }
            }
        }
        return loud;
    }
}
