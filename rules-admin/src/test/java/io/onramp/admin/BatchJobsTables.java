package io.onramp.admin;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/** batch-jobs' own tables (its Flyway migrations, read from the module beside this one) in a test's schema. */
final class BatchJobsTables {

	private BatchJobsTables() {
	}

	static void migrate(DataSource dataSource) {
		Flyway.configure()
			.dataSource(dataSource)
			.locations("filesystem:../batch-jobs/src/main/resources/db/batch-jobs")
			.table("batch_jobs_schema_history")
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

}
