package io.sendtime;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Spring application behind the CLI: jobs, services and configuration. Start it through {@link io.sendtime.cli.Main}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SendtimeApplication {
}
