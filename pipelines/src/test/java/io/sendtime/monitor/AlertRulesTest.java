package io.sendtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The alerting rules shipped in {@code deploy/prometheus/} pass {@code promtool check rules}, and their unit tests
 * ({@code sendtime-rules.test.yml}: for every rule, series that fire it and series that do not) pass
 * {@code promtool test rules}.
 */
class AlertRulesTest {

    @Test
    void theRulesAreValid() throws Exception {
        Promtool.Result check = Promtool.promtool(null, "check", "rules", "deploy/prometheus/sendtime-rules.yml");
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void theRulesFireOnTheirSeriesAndOnNoOther() throws Exception {
        Promtool.Result test = Promtool.promtool(null, "test", "rules", "deploy/prometheus/sendtime-rules.test.yml");
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }
}
