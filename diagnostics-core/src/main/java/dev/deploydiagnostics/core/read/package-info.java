/**
 * Offline evidence readers: turn files, directories, streams and pasted text into the same evidence providers
 * collect live, following {@code docs/evidence-model.md}, so the same patterns fire on both.
 *
 * <p>Entry point: {@link dev.deploydiagnostics.core.read.EvidenceReaders#read} and
 * {@link dev.deploydiagnostics.core.read.EvidenceReaders#readText}. The format is chosen from the content of
 * each segment of the input, never from a file name. Text is split, as it streams past, into JSON documents
 * (balanced braces), YAML documents, {@code kubectl describe} blocks, {@code kubectl get events|pods} tables,
 * and log text; headings ({@code $ kubectl logs api --previous}, {@code --- events ---}, {@code ## Logs},
 * {@code ==> file <==}) name the segments after them (source {@code INPUT:HEADING}).
 *
 * <h2>What each format gives</h2>
 * <ul>
 * <li><b>kubectl JSON/YAML</b>: {@code pod} (status = phase, reason/message = {@code status.reason/message},
 *     attributes {@code namespace node qosClass controlledBy condition.<Type>} for conditions that are not
 *     {@code True}); {@code container}/{@code init-container} named {@code POD/CONTAINER} (status
 *     {@code Waiting|Running|Terminated}, reason, message, exitCode, attribute {@code signal},
 *     lastTermination, restartCount, image, memoryLimitBytes, attributes {@code pod namespace container node
 *     ready limits.* requests.* ports probe.liveness|readiness|startup} and {@code probe.*.settings});
 *     {@code Event} (source = reporting component, involvedObject {@code Kind/name}, count, first/last time,
 *     attributes {@code namespace fieldPath container pod host input}); {@code deployment replicaset statefulset
 *     daemonset job} (status {@code Failed|Available|Progressing|Complete}, attributes {@code replicas.desired
 *     replicas.updated replicas.ready replicas.available revision condition.<Type>}); {@code node} (status
 *     {@code Ready|NotReady}, {@code condition.<Type>}, {@code taints}, {@code unschedulable}, {@code severity=warning}
 *     under pressure); {@code volume-claim} (phase, {@code storageClass requests.storage volumeName}).</li>
 * <li><b>kubectl describe</b> pod, deployment, node: the same kinds and attributes as the JSON where the text
 *     has them; events from the Events table with {@code count} from {@code (xN over M)} and attributes
 *     {@code age firstSeenAge}; events have no timestamp (ages are relative to an unknown "now").</li>
 * <li><b>kubectl get events</b> table: events as above; <b>kubectl get pods</b> table: {@code pod} states with
 *     the STATUS column as reason ({@code CrashLoopBackOff}, {@code Init:CrashLoopBackOff}, {@code OOMKilled},
 *     {@code Evicted}, ...), status the phase it implies, attributes {@code ready restarts age namespace node
 *     ip}, and {@code severity=error} for failure statuses.</li>
 * <li><b>aws ecs describe-tasks</b>: {@code task} (status lastStatus, reason stoppedReason, attributes
 *     {@code stopCode taskDefinition group desiredStatus healthStatus launchType cluster taskArn}) and
 *     {@code container} named {@code TASKID/NAME} (exitCode, reason, image, memoryLimitBytes from the container's
 *     or the task's memory); {@code failures} with reason {@code MISSING} become {@code NOT_FOUND} gaps; other reasons (what
 *     {@code run-task} and {@code start-task} answer, such as {@code RESOURCE:MEMORY}) become {@code Warning} events with
 *     reason {@code TaskPlacementFailure}. <b>describe-services</b>:
 *     {@code service} (status = PRIMARY rollout state or service status, reason rolloutStateReason, attributes
 *     {@code rolloutState failedTasks desiredCount runningCount pendingCount taskDefinition
 *     previousTaskDefinition circuitBreaker}) and events with reason {@code ServiceEvent}, type {@code Warning}
 *     for failures.</li>
 * <li><b>aws logs filter-log-events / get-log-events</b>, <b>gcloud logging read</b>: log lines per stream
 *     (source {@code INPUT:STREAM}, attributes {@code logStream}/{@code resource}), time from the event.</li>
 * <li><b>aws lambda get-function(-configuration)</b>: {@code function}; <b>gcloud run revisions|services
 *     describe</b>: {@code revision}/{@code service} (status = Ready condition status, {@code port} defaulting
 *     to 8080, {@code severity=error} when not ready); <b>az container show</b>: {@code container-group},
 *     {@code container} named {@code GROUP/NAME} and instance-view events (reason = event name);
 *     <b>aws elbv2 describe-target-health</b>: {@code target} named {@code ID:PORT} (status = target health
 *     state, reason = reason code, message = description); <b>docker inspect</b>: {@code container} with
 *     reason {@code OOMKilled}, {@code Error} or {@code Completed} as Kubernetes words it.</li>
 * <li><b>Log text</b>: one {@link dev.deploydiagnostics.api.LogLine} per non-blank line, lineNumber = line in
 *     the input; time and level parsed where present; stack-trace lines inherit the level of the line they
 *     follow; a {@code kubectl logs} heading adds {@code pod container namespace previous}.</li>
 * </ul>
 *
 * <p>Unrecognised or unparseable JSON and YAML are kept as log lines (with an {@code UNREADABLE} gap when a
 * document is incomplete or too large to parse). Nothing here returns or accepts {@code null}; absent values
 * are {@code Optional} or empty.
 */
package dev.deploydiagnostics.core.read;
