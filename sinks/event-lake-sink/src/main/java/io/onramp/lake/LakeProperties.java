package io.onramp.lake;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Settings of the event lake sink. */
@ConfigurationProperties("onramp.lake")
public class LakeProperties {

	/** Where the files go: a local (or mounted) directory, or S3-compatible object storage. */
	private Target target = Target.LOCAL;

	/** The lake's root directory when the target is local. */
	private Path directory = Path.of("onramp-lake");

	/**
	 * Where files are written before they are published. Each instance needs its own; on start an instance
	 * deletes what a crashed predecessor left here (those events were never acknowledged and come again).
	 * Defaults to {@code <directory>/_staging/instance-<n>} for a local target, so that publishing is an
	 * atomic rename, and to {@code <java.io.tmpdir>/onramp-lake-staging/instance-<n>} for S3, where
	 * {@code n} is {@code spring.cloud.stream.instance-index}.
	 */
	private Path stagingDirectory;

	/**
	 * Roll a file once the events buffered for it reach this size, counted as the JSON they arrived as.
	 * The Parquet file is several times smaller. The buffer is held in memory until the roll.
	 */
	private DataSize rollSize = DataSize.ofMegabytes(64);

	/**
	 * Roll a file once it holds this many events. On RabbitMQ every buffered event is an unacknowledged
	 * message, so keep the consumer's prefetch at least this high, or the buffer only rolls by time.
	 */
	private int rollEvents = 50_000;

	/**
	 * Roll a file at the latest this long after its first event arrived: how far the lake may lag behind
	 * the stream under light load.
	 */
	private Duration rollInterval = Duration.ofMinutes(1);

	/** The Parquet compression codec: SNAPPY, ZSTD, GZIP or UNCOMPRESSED. */
	private CompressionCodecName compression = CompressionCodecName.SNAPPY;

	/**
	 * While writing or publishing a file fails (a full disk, object storage down), the roll is retried with
	 * backoff up to this delay between attempts, for as long as it takes. Nothing is acknowledged meanwhile,
	 * so the broker keeps every event and the input stops once the buffer is full.
	 */
	private Duration maxRetryDelay = Duration.ofSeconds(30);

	/** S3-compatible object storage, used when the target is {@code s3}. */
	private final S3 s3 = new S3();

	public Target getTarget() {
		return target;
	}

	public void setTarget(Target target) {
		this.target = target;
	}

	public Path getDirectory() {
		return directory;
	}

	public void setDirectory(Path directory) {
		this.directory = directory;
	}

	public Path getStagingDirectory() {
		return stagingDirectory;
	}

	public void setStagingDirectory(Path stagingDirectory) {
		this.stagingDirectory = stagingDirectory;
	}

	public DataSize getRollSize() {
		return rollSize;
	}

	public void setRollSize(DataSize rollSize) {
		this.rollSize = rollSize;
	}

	public int getRollEvents() {
		return rollEvents;
	}

	public void setRollEvents(int rollEvents) {
		this.rollEvents = rollEvents;
	}

	public Duration getRollInterval() {
		return rollInterval;
	}

	public void setRollInterval(Duration rollInterval) {
		this.rollInterval = rollInterval;
	}

	public CompressionCodecName getCompression() {
		return compression;
	}

	public void setCompression(CompressionCodecName compression) {
		this.compression = compression;
	}

	public Duration getMaxRetryDelay() {
		return maxRetryDelay;
	}

	public void setMaxRetryDelay(Duration maxRetryDelay) {
		this.maxRetryDelay = maxRetryDelay;
	}

	public S3 getS3() {
		return s3;
	}

	/** Where the lake's files go. */
	public enum Target {

		/** A local or mounted directory ({@code onramp.lake.directory}). */
		LOCAL,

		/** S3-compatible object storage ({@code onramp.lake.s3.*}). */
		S3

	}

	/** S3-compatible object storage. */
	public static class S3 {

		/** The bucket the files go to. It must exist. */
		private String bucket;

		/** A key prefix for every file, for example {@code raw/events/}; empty for the bucket's root. */
		private String prefix = "";

		/** The region of the bucket. */
		private String region = "us-east-1";

		/**
		 * The endpoint of an S3-compatible service (MinIO, Ceph, S3Proxy...); unset for AWS S3 itself.
		 */
		private URI endpoint;

		/** Whether buckets are addressed by path ({@code host/bucket/key}), as most S3-compatible services need. */
		private boolean pathStyleAccess;

		/**
		 * The access key id. Unset, credentials come from the AWS default chain (environment, profile, web
		 * identity, instance role).
		 */
		private String accessKeyId;

		/** The secret access key that goes with {@code access-key-id}. Supply it from a secret. */
		private String secretAccessKey;

		/**
		 * When uploads carry a CRC checksum of their own: {@code WHEN_SUPPORTED} (AWS S3, and stores that
		 * support S3's flexible checksums) or {@code WHEN_REQUIRED} for S3-compatible stores that reject them.
		 * Either way the upload is signed with its SHA-256 over HTTP, or sent over TLS.
		 */
		private RequestChecksumCalculation checksumCalculation = RequestChecksumCalculation.WHEN_SUPPORTED;

		public String getBucket() {
			return bucket;
		}

		public void setBucket(String bucket) {
			this.bucket = bucket;
		}

		public String getPrefix() {
			return prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

		public String getRegion() {
			return region;
		}

		public void setRegion(String region) {
			this.region = region;
		}

		public URI getEndpoint() {
			return endpoint;
		}

		public void setEndpoint(URI endpoint) {
			this.endpoint = endpoint;
		}

		public boolean isPathStyleAccess() {
			return pathStyleAccess;
		}

		public void setPathStyleAccess(boolean pathStyleAccess) {
			this.pathStyleAccess = pathStyleAccess;
		}

		public String getAccessKeyId() {
			return accessKeyId;
		}

		public void setAccessKeyId(String accessKeyId) {
			this.accessKeyId = accessKeyId;
		}

		public String getSecretAccessKey() {
			return secretAccessKey;
		}

		public void setSecretAccessKey(String secretAccessKey) {
			this.secretAccessKey = secretAccessKey;
		}

		public RequestChecksumCalculation getChecksumCalculation() {
			return checksumCalculation;
		}

		public void setChecksumCalculation(RequestChecksumCalculation checksumCalculation) {
			this.checksumCalculation = checksumCalculation;
		}

	}

}
