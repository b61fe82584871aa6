package io.sendtime.jobs;

import java.util.List;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.sendtime.config.SqlFiles;

/**
 * sendtime's own tables in the job-repository database, next to Spring Batch's: watermarks and extract
 * boundaries, consumed extract runs, identities, compactions ({@code sql/jobrepo/schema.sql}, created if
 * missing when a job-running process starts). Spring Boot orders every bean that uses the
 * {@link NamedParameterJdbcTemplate} after this initializer, so no class has to ask for the tables.
 */
@Configuration
public class JobRepositoryTables {

    @Bean
    public DataSourceScriptDatabaseInitializer sendtimeTablesInitializer(DataSource dataSource) {
        DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
        settings.setSchemaLocations(List.of(SqlFiles.location("jobrepo/schema.sql", "file:")));
        settings.setMode(DatabaseInitializationMode.ALWAYS);
        settings.setContinueOnError(false);
        return new DataSourceScriptDatabaseInitializer(dataSource, settings);
    }

    /** What sendtime's job-repository tables are read and written with (SQL in {@code sql/jobrepo/}). */
    @Bean
    public NamedParameterJdbcTemplate jobRepositoryJdbc(DataSource dataSource) {
        return new NamedParameterJdbcTemplate(dataSource);
    }
}
