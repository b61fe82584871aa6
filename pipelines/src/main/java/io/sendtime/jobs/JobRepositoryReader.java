package io.sendtime.jobs;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.sendtime.config.ErrorMessages;

/**
 * The job repository opened read-only, for commands that only look ({@code inspect runs}, {@code inspect
 * freshness}): no table is created, nothing is written, and nothing opens until asked. An embedded H2 file
 * is opened in H2's read-only mode; while a job process holds it, through that process's server. Other
 * databases get a read-only connection.
 */
public final class JobRepositoryReader implements AutoCloseable {

    private final String url;
    private final String user;
    private final String password;
    private SingleConnectionDataSource dataSource;
    private JobRepository jobRepository;

    public JobRepositoryReader(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** @throws IllegalStateException naming why the job repository cannot be read */
    public synchronized JobRepository jobRepository() {
        if (jobRepository == null) {
            JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
            factory.setDataSource(dataSource());
            factory.setTransactionManager(new JdbcTransactionManager(dataSource()));
            try {
                factory.afterPropertiesSet();
                jobRepository = factory.getObject();
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the job repository: " + ErrorMessages.oneLine(e), e);
            }
        }
        return jobRepository;
    }

    /** sendtime's own tables (sql/jobrepo/), read-only. */
    public NamedParameterJdbcTemplate jdbc() {
        return new NamedParameterJdbcTemplate(dataSource());
    }

    private synchronized SingleConnectionDataSource dataSource() {
        if (dataSource == null) {
            Connection connection = open();
            dataSource = new SingleConnectionDataSource(connection, true);
        }
        return dataSource;
    }

    private Connection open() {
        try {
            if (url.startsWith("jdbc:h2:file:")) {
                String file = url.split(";", 2)[0];
                try {
                    return DriverManager.getConnection(file + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE", user, password);
                } catch (SQLException e) {
                    if (e.getErrorCode() == 90146) { // no such database: nothing has run yet
                        throw new IllegalStateException("no job repository yet (nothing has run): " + file.substring(13));
                    }
                    if (!url.contains("AUTO_SERVER=TRUE")) {
                        throw e;
                    }
                    // a job process holds the file: read through its server, asking for a read-only connection
                }
            }
            Connection connection = DriverManager.getConnection(url, user, password);
            connection.setReadOnly(true);
            return connection;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the job repository: " + ErrorMessages.message(e), e);
        }
    }

    @Override
    public synchronized void close() {
        if (dataSource != null) {
            dataSource.destroy();
            dataSource = null;
        }
    }
}
