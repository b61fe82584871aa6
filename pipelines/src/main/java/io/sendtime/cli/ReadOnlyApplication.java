package io.sendtime.cli;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;

import io.sendtime.config.CatalogSettings;
import io.sendtime.config.ConsentSettings;
import io.sendtime.config.EffectiveConfig;
import io.sendtime.jobs.JobRepositoryReader;
import io.sendtime.lake.LakeConfiguration;
import io.sendtime.privacy.KeyedHash;
import io.sendtime.privacy.PrivacySettings;
import io.sendtime.privacy.SuppressionList;
import io.sendtime.load.LoadSettings;
import io.sendtime.load.QualityChecks;
import io.sendtime.render.RenderPreview;
import io.sendtime.render.RenderQuality;
import io.sendtime.render.RenderSettings;
import io.sendtime.warehouse.WarehouseConfiguration;
import io.sendtime.warehouse.WarehouseQueries;
import io.sendtime.warehouse.WarehouseSettings;

/**
 * What the read-only commands ({@code sql}, {@code inspect}, {@code check}, {@code config show},
 * {@code render preview}, {@code templates validate}) start: the configuration, the warehouse read
 * models and a read-only job repository, without Spring Batch, without a job-repository connection pool
 * and without creating any table. Not a {@code @Configuration}, so the jobs application's component scan
 * leaves it alone.
 */
@EnableConfigurationProperties({WarehouseSettings.class, RenderSettings.class, CatalogSettings.class, LoadSettings.class,
        PrivacySettings.class, ConsentSettings.class})
@Import({WarehouseConfiguration.class, LakeConfiguration.class, EffectiveConfig.class, WarehouseQueries.class,
        QualityChecks.class, RenderQuality.class, RenderPreview.class, KeyedHash.class})
class ReadOnlyApplication {

    /** The job repository, read-only, opened on first use (inspect runs, inspect freshness). */
    @Bean(destroyMethod = "close")
    JobRepositoryReader jobRepositoryReader(@Value("${spring.datasource.url}") String url,
                                            @Value("${spring.datasource.username:}") String user,
                                            @Value("${spring.datasource.password:}") String password) {
        return new JobRepositoryReader(url, user, password);
    }

    /** The suppression list, read-only, for render preview; made on first use (the job repository opens then). */
    @Bean
    @Lazy
    SuppressionList suppressionList(JobRepositoryReader reader, KeyedHash hash) {
        return new SuppressionList(reader.jdbc(), hash);
    }
}
