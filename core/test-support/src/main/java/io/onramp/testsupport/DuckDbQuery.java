package io.onramp.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL on an in-memory DuckDB, to read the lake's Parquet files back with a reader independent of the one
 * that wrote them. The caller brings {@code org.duckdb:duckdb_jdbc}.
 */
public final class DuckDbQuery {

	private DuckDbQuery() {
	}

	/** The rows {@code sql} returns, each as column label → value, in order. */
	public static List<Map<String, Object>> rows(String sql) throws SQLException {
		try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			ResultSetMetaData columns = result.getMetaData();
			List<Map<String, Object>> rows = new ArrayList<>();
			while (result.next()) {
				Map<String, Object> row = new LinkedHashMap<>();
				for (int i = 1; i <= columns.getColumnCount(); i++) {
					row.put(columns.getColumnLabel(i), result.getObject(i));
				}
				rows.add(row);
			}
			return rows;
		}
	}

}
