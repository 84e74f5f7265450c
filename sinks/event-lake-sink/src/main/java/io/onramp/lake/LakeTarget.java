package io.onramp.lake;

import java.io.IOException;
import java.nio.file.Path;

/** Where finished lake files go. */
interface LakeTarget {

	/**
	 * Makes {@code file}, a closed Parquet file in the staging directory, durably part of the lake under
	 * {@code key} (for example {@code dt=2026-11-27/hour=09/part-....parquet}) and removes it from staging.
	 * When this returns, the file survives a crash of this process and of the machine; when it throws,
	 * nothing partial is visible under {@code key} and the call may be repeated.
	 */
	void publish(Path file, String key) throws IOException;

	/** Where the lake is, for logs and health: a directory or an {@code s3://} address. */
	String location();

}
