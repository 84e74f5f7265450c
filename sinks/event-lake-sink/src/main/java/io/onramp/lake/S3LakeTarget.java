package io.onramp.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * A lake in S3 or an S3-compatible object store. A file is uploaded in one PUT with a checksum that the
 * store verifies; an object is visible only once complete, and a successful PUT is durable.
 */
final class S3LakeTarget implements LakeTarget, AutoCloseable {

	/** The media type registered for Parquet. */
	static final String PARQUET_MEDIA_TYPE = "application/vnd.apache.parquet";

	private final S3Client s3;

	private final String bucket;

	private final String prefix;

	S3LakeTarget(S3Client s3, String bucket, String prefix) {
		this.s3 = s3;
		this.bucket = bucket;
		this.prefix = prefix == null ? "" : prefix;
	}

	/** A client for the configured store. */
	static S3Client client(LakeProperties.S3 properties) {
		Assert.hasText(properties.getBucket(), "onramp.lake.s3.bucket must be set when onramp.lake.target is s3");
		S3ClientBuilder builder = S3Client.builder()
			.region(Region.of(properties.getRegion()))
			.forcePathStyle(properties.isPathStyleAccess())
			.requestChecksumCalculation(properties.getChecksumCalculation())
			.responseChecksumValidation(properties.getChecksumCalculation() == RequestChecksumCalculation.WHEN_REQUIRED
					? ResponseChecksumValidation.WHEN_REQUIRED : ResponseChecksumValidation.WHEN_SUPPORTED);
		if (properties.getEndpoint() != null) {
			builder.endpointOverride(properties.getEndpoint());
		}
		if (StringUtils.hasText(properties.getAccessKeyId())) {
			builder.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(properties.getAccessKeyId(), properties.getSecretAccessKey())));
		}
		else {
			builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
		}
		return builder.build();
	}

	@Override
	public void publish(Path file, String key) throws IOException {
		try {
			s3.putObject(PutObjectRequest.builder().bucket(bucket).key(prefix + key).contentType(PARQUET_MEDIA_TYPE).build(),
					RequestBody.fromFile(file));
		}
		catch (SdkException ex) {
			throw new IOException("Uploading " + key + " to " + location() + " failed: " + ex.getMessage(), ex);
		}
		Files.delete(file);
	}

	@Override
	public String location() {
		return "s3://" + bucket + "/" + prefix;
	}

	@Override
	public void close() {
		s3.close();
	}

}
