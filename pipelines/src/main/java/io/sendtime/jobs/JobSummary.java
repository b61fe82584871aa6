package io.sendtime.jobs;

/** What a job run's summary tells about its outcome; each stage's summary record implements it. */
public interface JobSummary {

    boolean succeeded();

    /** One line naming what failed and what to fix; null when it succeeded. */
    String failure();
}
