package io.sendtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** config show: a secret's value never shows, whatever the setting is called and wherever it hides. */
class EffectiveConfigTest {

    @Test
    void secretSettingsAreMaskedInAnyCaseOrSeparator() {
        for (String key : new String[] {"spring.datasource.password", "sendtime.sources.crm.auth.client-secret",
                "sendtime.sources.x.auth.Token", "sendtime.sources.x.auth.api_key", "sendtime.sources.x.auth.apiKey",
                "sendtime.lake.hadoop.fs.s3a.secret.key", "sendtime.lake.hadoop.fs.s3a.access.key",
                "sendtime.sources.x.auth.private-key", "sendtime.x.SIGNING_KEY", "sendtime.x.credentials"}) {
            assertThat(EffectiveConfig.display(key, "s3cr3t-value")).as(key).isEqualTo("****");
        }
        assertThat(EffectiveConfig.display("sendtime.sources.crm.auth.token-env", "SENDTIME_CRM_TOKEN"))
                .as("a setting naming the variable shows the name, not the value").startsWith("SENDTIME_CRM_TOKEN");
        assertThat(EffectiveConfig.display("sendtime.sources.crm.entities.contacts.id-field", "id")).isEqualTo("id");
    }

    @Test
    void secretsInsideUrlsAreMasked() {
        assertThat(EffectiveConfig.display("sendtime.sources.crm.base-url", "https://bob:pa55@api.example.com/v3"))
                .isEqualTo("https://****@api.example.com/v3");
        assertThat(EffectiveConfig.display("sendtime.sources.crm.base-url", "https://api.example.com/v3?api_key=abc123&x=1"))
                .isEqualTo("https://api.example.com/v3?api_key=****&x=1");
        assertThat(EffectiveConfig.display("spring.datasource.url", "jdbc:postgresql://db/sendtime?user=s&password=pw"))
                .isEqualTo("jdbc:postgresql://db/sendtime?user=s&password=****");
        assertThat(EffectiveConfig.display("spring.datasource.url", "jdbc:h2:file:/var/jobrepo;PASSWORD=pw;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:file:/var/jobrepo;PASSWORD=****;AUTO_SERVER=TRUE");
        assertThat(EffectiveConfig.display("sendtime.sources.crm.base-url", "http://127.0.0.1:8765"))
                .isEqualTo("http://127.0.0.1:8765");
    }
}
