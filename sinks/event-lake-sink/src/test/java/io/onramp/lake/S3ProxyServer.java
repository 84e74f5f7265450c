package io.onramp.lake;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;

import io.onramp.testsupport.Ports;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy (an S3-compatible server over a local directory) as its own process, from the jar the build copies
 * next to the tests ({@code onramp.test.s3proxy-jar}), with AWS signature v4 authentication.
 */
final class S3ProxyServer implements AutoCloseable {

	static final String ACCESS_KEY = "onramp-lake";

	static final String SECRET_KEY = "onramp-lake-secret-key";

	private static final Duration STARTUP = Duration.ofSeconds(60);

	private final Process process;

	private final URI endpoint;

	private final Path log;

	private S3ProxyServer(Process process, URI endpoint, Path log) {
		this.process = process;
		this.endpoint = endpoint;
		this.log = log;
	}

	static S3ProxyServer start(Path storage) throws IOException, InterruptedException {
		String jar = System.getProperty("onramp.test.s3proxy-jar", "target/s3proxy/s3proxy.jar");
		if (!Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException("S3Proxy is missing at " + jar + "; the Maven build copies it (process-test-resources)");
		}
		int port = Ports.free();
		URI endpoint = URI.create("http://127.0.0.1:" + port);
		Files.createDirectories(storage);
		Path configuration = Files.createTempFile("s3proxy", ".properties");
		Files.write(configuration, List.of("s3proxy.endpoint=" + endpoint, "s3proxy.authorization=aws-v2-or-v4",
				"s3proxy.identity=" + ACCESS_KEY, "s3proxy.credential=" + SECRET_KEY, "jclouds.provider=filesystem-nio2",
				"jclouds.filesystem.basedir=" + storage.toAbsolutePath()));
		Path log = Files.createTempFile("s3proxy", ".log");
		Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-jar", jar,
				"--properties", configuration.toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("S3Proxy exited: " + Files.readString(log));
			}
			try (Socket probe = new Socket()) {
				probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
				System.out.println("[onramp-test] S3Proxy (S3-compatible) at " + endpoint);
				return new S3ProxyServer(process, endpoint, log);
			}
			catch (IOException notYet) {
				Thread.sleep(200);
			}
		}
		process.destroyForcibly();
		throw new IllegalStateException("S3Proxy did not start within " + STARTUP + ": " + Files.readString(log));
	}

	URI endpoint() {
		return endpoint;
	}

	/** The sink's settings for this server. */
	LakeProperties.S3 properties(String bucket, String prefix) {
		LakeProperties.S3 s3 = new LakeProperties.S3();
		s3.setBucket(bucket);
		s3.setPrefix(prefix);
		s3.setEndpoint(endpoint);
		s3.setPathStyleAccess(true);
		s3.setAccessKeyId(ACCESS_KEY);
		s3.setSecretAccessKey(SECRET_KEY);
		// S3Proxy does not take the SDK's default streaming CRC trailers.
		s3.setChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
		return s3;
	}

	/** A client of its own, as a reader of the lake would have. */
	S3Client client() {
		return S3Client.builder()
			.region(Region.US_EAST_1)
			.endpointOverride(endpoint)
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.build();
	}

	Path log() {
		return log;
	}

	@Override
	public void close() throws InterruptedException {
		process.destroyForcibly().waitFor();
	}

}
