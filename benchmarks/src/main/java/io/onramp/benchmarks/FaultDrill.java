package io.onramp.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.admin.RulesAdminApplication;
import io.onramp.aggregator.FeatureAggregatorApplication;
import io.onramp.capture.CaptureProperties;
import io.onramp.capture.EventCaptureSourceApplication;
import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;
import io.onramp.contracts.StreamTokens;
import io.onramp.evaluator.TriggerEvaluatorApplication;
import io.onramp.experience.ExperienceSinkApplication;
import io.onramp.features.FeatureScript;
import io.onramp.lake.EventLakeSinkApplication;
import io.onramp.testsupport.AppProcess;
import io.onramp.testsupport.Endpoints;
import io.onramp.testsupport.Ports;
import io.onramp.testsupport.RedisTestClient;
import io.onramp.testsupport.SseClient;

/**
 * The fault drill: the whole pipeline as separate processes (capture API, aggregator, evaluator, experience
 * sink, lake sink, rules-admin) on services of its own ({@link DrillServices}), under steady onboarding
 * traffic from {@link Traffic}, while each part in turn is killed with SIGKILL and started again, the broker
 * and Redis are killed and restarted, and Postgres is stopped under rules-admin. For each fault it prints how
 * long the part was down and when the pipeline had recovered: the first decision, on an open page, caused by
 * an event sent after the fault (for the lake sink also that event in a lake file; for Postgres also
 * rules-admin answering again).
 *
 * <p>Afterwards it compares the pipeline's state with the accepted-event log: every accepted event applied
 * to its user's features exactly once (counts and the applied marks), in the offline history exactly once,
 * and in the lake; and every user's features equal to a recomputation from the lake (its events replayed
 * through the aggregator's own feature store into fresh keys). Any difference fails the drill.
 */
final class FaultDrill {

	private static final String PROBE_USER = "drill-probe";

	private static final Duration RECOVERY_LIMIT = Duration.ofMinutes(3);

	private static final int WARMUP_SECONDS = 60;

	private static final String ADMIN_USER = "ada";

	private static final String ADMIN_PASSWORD = "drill-password";

	private final String binder;

	private final int rate;

	private final int users;

	private final int settleSeconds;

	private final String namespace = "drill";

	private final String streamTokenSecret = secret();

	private final String writeKey = "wk_" + secret();

	private final Map<String, App> apps = new LinkedHashMap<>();

	private final Map<String, AppProcess> running = new HashMap<>();

	private final HttpClient http = HttpClient.newHttpClient();

	private DrillServices services;

	private Path lake;

	private Traffic traffic;

	private boolean mobile;

	private FaultDrill(String binder, int rate, int users, int settleSeconds) {
		this.binder = binder;
		this.rate = rate;
		this.users = users;
		this.settleSeconds = settleSeconds;
	}

	/** Runs the drill on each broker; prints the figures; whether every check held. */
	static boolean run(List<String> binders, int rate, int users, int settleSeconds) throws Exception {
		List<Report> reports = new ArrayList<>();
		for (String binder : binders) {
			reports.add(new FaultDrill(binder, rate, users, settleSeconds).drill());
		}
		System.out.println();
		System.out.printf("Fault drill: %,d events/s of onboarding sessions from %,d users, %d s of steady traffic between faults%n",
				rate, users, settleSeconds);
		boolean ok = true;
		for (Report report : reports) {
			report.print();
			ok &= report.ok();
		}
		System.out.println(ok ? "Every check held on every broker." : "A CHECK FAILED (above).");
		return ok;
	}

	private Report drill() throws Exception {
		Path directory = Files.createTempDirectory("onramp-drill-" + binder);
		lake = directory.resolve("lake");
		System.out.printf("[faults] %s: services and logs under %s%n", binder, directory);
		List<Fault> faults = new ArrayList<>();
		// Interrupted (Ctrl-C), the drill leaves nothing running behind.
		Thread cleanup = new Thread(() -> running.values().forEach(app -> app.process().destroyForcibly()));
		Runtime.getRuntime().addShutdownHook(cleanup);
		try (DrillServices started = DrillServices.start(binder, directory);
				RedisTestClient redis = new RedisTestClient(new Endpoints.Redis("127.0.0.1", started.redis.port, "drill"))) {
			services = started;
			defineApps();
			for (String app : apps.keySet()) {
				System.out.printf("[faults] %s: starting %s%n", binder, app);
				running.put(app, apps.get(app).start());
			}
			if (adminStatus() != 200) {
				throw new IllegalStateException("rules-admin does not answer GET /api/rules; see its log " + running.get("rules-admin").log());
			}
			traffic = new Traffic(apps.get("capture").port, "Bearer " + writeKey, rate, users);
			traffic.start();
			// Six JVMs just started on the same cores: until their JIT has compiled the hot paths the pipeline
			// lags behind the traffic, which would count as recovery time of the first faults.
			System.out.printf("[faults] %s: traffic at %,d events/s; %d s of warm-up%n", binder, rate, WARMUP_SECONDS);
			Thread.sleep(WARMUP_SECONDS * 1000L);
			record(faults, new Fault("none (baseline)", 0, seconds(probe(System.nanoTime(), false)), ""));
			for (String app : List.of("capture", "aggregator", "evaluator", "experience-sink", "lake-sink")) {
				record(faults, killApp(app));
			}
			record(faults, restartService(services.broker));
			record(faults, restartService(services.redis));
			record(faults, stopPostgres());
			System.out.printf("[faults] %s: stopping the traffic, waiting for the pipeline to drain%n", binder);
			traffic.close();
			return check(redis.template(), faults);
		}
		finally {
			running.values().forEach(app -> app.process().destroyForcibly());
			running.clear();
			Runtime.getRuntime().removeShutdownHook(cleanup);
			if (traffic != null) {
				traffic.close();
			}
		}
	}

	/** Notes the fault's figures and lets the pipeline run steadily before the next. */
	private void record(List<Fault> faults, Fault fault) throws InterruptedException {
		faults.add(fault);
		System.out.printf("[faults] %s: %s: down %.1f s, recovered after %.1f s %s%n", binder, fault.what(), fault.downSeconds(),
				fault.recoveredSeconds(), fault.note());
		Thread.sleep(settleSeconds * 1000L);
	}

	private Fault killApp(String name) throws Exception {
		System.out.printf("[faults] %s: kill -9 %s%n", binder, name);
		long at = System.nanoTime();
		running.remove(name).kill();
		running.put(name, apps.get(name).start());
		long up = System.nanoTime();
		return new Fault("kill -9 " + name, seconds(up - at), seconds(probe(at, name.equals("lake-sink"))),
				"");
	}

	private Fault restartService(DrillServices.Service service) throws Exception {
		System.out.printf("[faults] %s: kill -9 %s, 5 s down%n", binder, service.name);
		long at = System.nanoTime();
		service.stop();
		Thread.sleep(5_000);
		service.start();
		long up = System.nanoTime();
		return new Fault("kill -9 " + service.name, seconds(up - at), seconds(probe(at, false)), "");
	}

	/** Postgres stopped for 10 s under rules-admin (and the aggregator's history): what rules-admin answered. */
	private Fault stopPostgres() throws Exception {
		System.out.printf("[faults] %s: Postgres stopped (immediate shutdown) for 10 s%n", binder);
		long at = System.nanoTime();
		services.postgres.stop();
		Map<Integer, Integer> answers = new TreeMap<>();
		long until = at + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < until) {
			answers.merge(adminStatus(), 1, Integer::sum);
			Thread.sleep(250);
		}
		boolean adminAlive = running.get("rules-admin").process().isAlive();
		services.postgres.start();
		long up = System.nanoTime();
		while (adminStatus() != 200) {
			if (System.nanoTime() - up > RECOVERY_LIMIT.toNanos()) {
				throw new IllegalStateException("rules-admin did not answer again within " + RECOVERY_LIMIT);
			}
			Thread.sleep(100);
		}
		double adminBack = seconds(System.nanoTime() - at);
		return new Fault("stop Postgres", seconds(up - at), seconds(probe(at, false)),
				"rules-admin " + (adminAlive ? "stayed up" : "DIED") + ", answered GET /api/rules with " + answers
						+ " while down, 200 again after " + String.format("%.1f s", adminBack));
	}

	private int adminStatus() throws InterruptedException {
		String credentials = Base64.getEncoder().encodeToString((ADMIN_USER + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
		try {
			return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apps.get("rules-admin").port + "/api/rules"))
				.header("Authorization", "Basic " + credentials)
				.header("Accept", "application/json")
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/**
	 * Nanoseconds from {@code at} to the first decision, on the probe user's open page, caused by a device
	 * switch sent after {@code at}; with {@code lakeToo}, until that event is in a lake file as well.
	 */
	private long probe(long at, boolean lakeToo) throws Exception {
		Set<String> sent = new HashSet<>();
		long deadline = at + RECOVERY_LIMIT.toNanos();
		URI stream = URI.create("http://localhost:" + apps.get("experience-sink").port + "/v1/users/" + PROBE_USER + "/experience/stream");
		Map<String, String> authorization = Map.of("Authorization",
				"Bearer " + new StreamTokens(streamTokenSecret).mint(PROBE_USER, Duration.ofHours(1)));
		while (System.nanoTime() < deadline) {
			try (SseClient page = SseClient.open(stream, authorization)) {
				mobile = !mobile;
				Sessions.Made event = Sessions.deviceSwitch(PROBE_USER, mobile ? "mobile" : "desktop");
				traffic.sendAndNote(event);
				sent.add(event.eventId());
				long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
				for (SseClient.Received received = page.next(Duration.ofMillis(200)); System.nanoTime() < waitUntil; received = page
					.next(Duration.ofMillis(200))) {
					String decided = received == null ? null : decidedEvent(received);
					if (decided != null && sent.contains(decided)) {
						long arrived = received.arrivedNanos();
						if (lakeToo) {
							while (!inLake(decided) && System.nanoTime() < deadline) {
								Thread.sleep(200);
							}
							arrived = System.nanoTime();
						}
						return arrived - at;
					}
				}
			}
			catch (IOException sinkNotBack) {
				Thread.sleep(250);
			}
		}
		throw new IllegalStateException(binder + ": the pipeline did not recover within " + RECOVERY_LIMIT);
	}

	private static String decidedEvent(SseClient.Received received) {
		if (!"experience".equals(received.name()) && !"message".equals(received.name())) {
			return null;
		}
		try {
			return OnrampJson.mapper().readValue(received.data(), ExperienceDecision.class).eventId();
		}
		catch (RuntimeException notADecision) {
			return null;
		}
	}

	private boolean inLake(String eventId) {
		try {
			return !LakeReplay.query(lake, "SELECT event_id FROM %s WHERE event_id = '" + eventId + "'").isEmpty();
		}
		catch (SQLException noFilesYet) {
			return false;
		}
	}

	private Report check(StringRedisTemplate redis, List<Fault> faults) throws Exception {
		Map<String, String> accepted = Map.copyOf(traffic.accepted());
		Map<String, Long> perUser = new TreeMap<>();
		accepted.values().forEach(user -> perUser.merge(user, 1L, Long::sum));
		RedisKeys keys = new RedisKeys(namespace);
		long drainDeadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
		while (applied(redis, keys, perUser).values().stream().mapToLong(Long::longValue).sum() < accepted.size()
				&& System.nanoTime() < drainDeadline) {
			Thread.sleep(500);
		}
		// Anything still in flight (a redelivery) has had time to show up as a double count.
		Thread.sleep(5_000);
		Counted features = Counted.against(perUser, applied(redis, keys, perUser));
		long marksMissing = marksMissing(redis, keys, accepted);
		Map<String, Long> lakeCounts = lakeCounts(accepted.keySet(), drainDeadline);
		long lakeMissing = accepted.keySet().stream().filter(id -> !lakeCounts.containsKey(id)).count();
		long lakeExtra = lakeCounts.keySet().stream().filter(id -> !accepted.containsKey(id)).count();
		long lakeRepeated = lakeCounts.values().stream().mapToLong(count -> count - 1).sum();
		String recomputed = namespace + "-recomputed";
		long replayed = LakeReplay.recompute(lake, redis, recomputed);
		List<String> mismatches = compare(redis, keys, new RedisKeys(recomputed), perUser.keySet());
		Counted history = Counted.against(perUser, historyCounts());
		return new Report(binder, faults, accepted.size(), traffic.resent(), traffic.refused(), features, marksMissing,
				lakeMissing, lakeExtra, lakeRepeated, replayed, perUser.size(), mismatches, history);
	}

	/** Each user's {@code events_total}. */
	private static Map<String, Long> applied(StringRedisTemplate redis, RedisKeys keys, Map<String, Long> perUser) {
		List<String> userIds = new ArrayList<>(perUser.keySet());
		List<Object> counts = redis.executePipelined((RedisCallback<Object>) connection -> {
			for (String user : userIds) {
				connection.hashCommands().hGet(bytes(keys.features(user)), bytes("events_total"));
			}
			return null;
		});
		Map<String, Long> applied = new HashMap<>();
		for (int i = 0; i < userIds.size(); i++) {
			applied.put(userIds.get(i), counts.get(i) == null ? 0 : Long.parseLong(counts.get(i).toString()));
		}
		return applied;
	}

	/** Accepted events without the aggregator's applied mark. */
	private static long marksMissing(StringRedisTemplate redis, RedisKeys keys, Map<String, String> accepted) {
		List<Map.Entry<String, String>> events = new ArrayList<>(accepted.entrySet());
		List<Object> exists = redis.executePipelined((RedisCallback<Object>) connection -> {
			for (Map.Entry<String, String> event : events) {
				connection.keyCommands().exists(bytes(keys.appliedEvent(event.getValue(), event.getKey())));
			}
			return null;
		});
		return exists.stream().filter(Boolean.FALSE::equals).count();
	}

	/** Rows per event id in the lake, once every accepted event is there (or the deadline passed). */
	private Map<String, Long> lakeCounts(Set<String> accepted, long deadline) throws Exception {
		Map<String, Long> counts = new HashMap<>();
		do {
			counts.clear();
			try {
				for (Map<String, Object> row : LakeReplay.query(lake, "SELECT event_id, count(*) AS n FROM %s GROUP BY event_id")) {
					counts.put((String) row.get("event_id"), ((Number) row.get("n")).longValue());
				}
			}
			catch (SQLException noFilesYet) {
				// the first file is not out yet
			}
			if (counts.keySet().containsAll(accepted)) {
				break;
			}
			Thread.sleep(1_000);
		}
		while (System.nanoTime() < deadline);
		return counts;
	}

	/**
	 * Users whose live features differ from the recomputed ones, each with the first difference. The expiry
	 * deadline's field ({@link FeatureScript#EXPIRY_FIELD}) is left out: it says when the events were applied,
	 * not what they were.
	 */
	private static List<String> compare(StringRedisTemplate redis, RedisKeys live, RedisKeys recomputed, Set<String> userIds) {
		List<String> mismatches = new ArrayList<>();
		for (String user : userIds) {
			Map<Object, Object> actual = new HashMap<>(redis.opsForHash().entries(live.features(user)));
			Map<Object, Object> expected = new HashMap<>(redis.opsForHash().entries(recomputed.features(user)));
			actual.remove(FeatureScript.EXPIRY_FIELD);
			expected.remove(FeatureScript.EXPIRY_FIELD);
			if (!actual.equals(expected)) {
				Set<Object> fields = new java.util.TreeSet<>(java.util.Comparator.comparing(Object::toString));
				fields.addAll(actual.keySet());
				fields.addAll(expected.keySet());
				String first = fields.stream()
					.filter(field -> !Objects.equals(actual.get(field), expected.get(field)))
					.findFirst()
					.map(field -> field + " live " + actual.get(field) + ", from the lake " + expected.get(field))
					.orElse("?");
				mismatches.add(user + ": " + first);
			}
		}
		return mismatches;
	}

	private Map<String, Long> historyCounts() throws SQLException {
		Map<String, Long> counts = new HashMap<>();
		try (Connection connection = DriverManager.getConnection(jdbcUrl(), "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT user_id, count(*) FROM feature_changes GROUP BY user_id")) {
			while (rows.next()) {
				counts.put(rows.getString(1), rows.getLong(2));
			}
		}
		return counts;
	}

	private String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + services.postgres.port + "/postgres";
	}

	private void defineApps() throws IOException {
		List<String> common = new ArrayList<>(List.of("--spring.main.banner-mode=off", "--logging.level.root=WARN",
				"--spring.jmx.enabled=false", "--spring.cloud.stream.default-binder=" + binder,
				"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + services.redis.port));
		if ("kafka".equals(binder)) {
			common.add("--spring.cloud.stream.kafka.binder.brokers=127.0.0.1:" + services.broker.port);
		}
		else {
			common.addAll(List.of("--spring.rabbitmq.host=127.0.0.1", "--spring.rabbitmq.port=" + services.broker.port,
					"--spring.rabbitmq.username=guest", "--spring.rabbitmq.password=guest"));
		}
		List<String> database = List.of("--spring.datasource.url=" + jdbcUrl(), "--spring.datasource.username=postgres",
				"--spring.datasource.password=");
		Files.createDirectories(lake);
		// Consumers first, so their queues and consumer groups exist before the first event is sent.
		streamApp("lake-sink", EventLakeSinkApplication.class, common, "events", null, AppProcess.STREAM_APP_BESIDE_RULES_ADMIN,
				"--onramp.lake.directory=" + lake, "--onramp.lake.roll-interval=2s");
		streamApp("experience-sink", ExperienceSinkApplication.class, common, "decisions", null,
				AppProcess.STREAM_APP_BESIDE_RULES_ADMIN, "--onramp.sink.stream-token-secret=" + streamTokenSecret);
		streamApp("evaluator", TriggerEvaluatorApplication.class, common, "features", "decisions",
				AppProcess.STREAM_APP_BESIDE_RULES_ADMIN);
		List<String> aggregator = new ArrayList<>(database);
		aggregator.add(AppProcess.DATABASE_APP_BESIDE_RULES_ADMIN);
		streamApp("aggregator", FeatureAggregatorApplication.class, common, "events", "features", aggregator.toArray(String[]::new));
		streamApp("capture", EventCaptureSourceApplication.class, common, null, "events", AppProcess.STREAM_APP_BESIDE_RULES_ADMIN,
				"--onramp.capture.write-keys.drill.key-sha256=" + CaptureProperties.WriteKey.hash(writeKey),
				"--onramp.capture.write-keys.drill.events-per-second=100000", "--onramp.capture.write-keys.drill.burst=100000");
		List<String> admin = new ArrayList<>(common);
		admin.addAll(database);
		// The benchmarks' classpath holds batch-jobs' Spring Cloud Task too, which rules-admin's own does not.
		admin.addAll(List.of("--spring.cloud.task.autoconfiguration.enabled=false", "--server.address=127.0.0.1", "--onramp.admin.redis-key-prefix=" + namespace,
				"--management.health.binders.enabled=false", "--onramp.admin.bootstrap-users[0].username=" + ADMIN_USER,
				"--onramp.admin.bootstrap-users[0].password=" + ADMIN_PASSWORD, "--onramp.admin.bootstrap-users[0].roles=ADMIN"));
		apps.put("rules-admin", new App(RulesAdminApplication.class, Ports.free(), admin));
	}

	private void streamApp(String name, Class<?> main, List<String> common, String input, String output, String... extra) {
		List<String> args = new ArrayList<>(common);
		args.add("--onramp.stream.redis-key-prefix=" + namespace);
		if (input != null) {
			args.add("--spring.cloud.stream.bindings.input.destination=" + namespace + "." + input);
		}
		if (output != null) {
			args.add("--spring.cloud.stream.bindings.output.destination=" + namespace + "." + output);
		}
		args.addAll(List.of(extra));
		apps.put(name, new App(main, Ports.free(), args));
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static String secret() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** An app as the drill starts it, on the same port every time. */
	private record App(Class<?> main, int port, List<String> args) {

		AppProcess start() throws IOException, InterruptedException {
			return AppProcess.start(main, "384m", port, args);
		}

	}

	/**
	 * @param what the fault
	 * @param downSeconds from the fault until the part was back (healthy, or listening)
	 * @param recoveredSeconds from the fault until the pipeline worked again end to end
	 */
	private record Fault(String what, double downSeconds, double recoveredSeconds, String note) {
	}

	/**
	 * Per user, what was counted against what was accepted, summed over the users.
	 *
	 * @param missing accepted but not counted
	 * @param twice counted more often than accepted
	 */
	private record Counted(long missing, long twice) {

		static Counted against(Map<String, Long> accepted, Map<String, Long> counted) {
			long missing = 0;
			long twice = 0;
			for (Map.Entry<String, Long> user : accepted.entrySet()) {
				long difference = counted.getOrDefault(user.getKey(), 0L) - user.getValue();
				missing += Math.max(0, -difference);
				twice += Math.max(0, difference);
			}
			return new Counted(missing, twice);
		}

		boolean exact() {
			return missing == 0 && twice == 0;
		}

	}

	private record Report(String binder, List<Fault> faults, long accepted, long resent, String refused, Counted features,
			long marksMissing, long lakeMissing, long lakeExtra, long lakeRepeated, long replayed, long users,
			List<String> mismatches, Counted history) {

		boolean ok() {
			return refused == null && features.exact() && marksMissing == 0 && lakeMissing == 0 && lakeExtra == 0
					&& mismatches.isEmpty() && history.exact();
		}

		void print() {
			System.out.println();
			System.out.printf("  %s%n", binder);
			System.out.printf("    %-22s %10s %14s  %s%n", "fault", "down s", "recovered s", "");
			for (Fault fault : faults) {
				System.out.printf("    %-22s %10.1f %14.1f  %s%n", fault.what(), fault.downSeconds(), fault.recoveredSeconds(), fault.note());
			}
			System.out.printf("    accepted events %,d (%,d sends repeated after no answer or a 5xx)%s%n", accepted, resent,
					refused == null ? "" : "; REFUSED: " + refused);
			System.out.printf("    features: %,d lost, %,d counted twice; %,d accepted events without their applied mark%n", features.missing(),
					features.twice(),
					marksMissing);
			System.out.printf("    offline history: %,d changes missing, %,d written twice%n", history.missing(), history.twice());
			System.out.printf("    lake: %,d accepted events missing, %,d never accepted, %,d rows repeated (a file rewritten after a kill)%n",
					lakeMissing, lakeExtra, lakeRepeated);
			System.out.printf("    recomputed from the lake (%,d rows replayed): %,d of %,d users' features differ%s%n", replayed,
					mismatches.size(), users, mismatches.isEmpty() ? "" : ", e.g. " + mismatches.subList(0, Math.min(3, mismatches.size())));
			System.out.printf("    %s%n", ok() ? "OK: nothing lost, nothing counted twice" : "FAILED");
		}

	}

}
