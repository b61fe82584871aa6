package io.sendtime.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import io.sendtime.source.SourceConfigException;

/**
 * sendtime's exit codes: 0 success, 1 a job failed, 2 usage or configuration error. Errors print as
 * one line naming what to fix, never as a stack trace (set SENDTIME_DEBUG=1 to see one).
 */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int JOB_FAILED = 1;
    public static final int USAGE = 2;

    private ExitCodes() {
    }

    static int of(Throwable e) {
        return isConfigurationError(e) ? USAGE : JOB_FAILED;
    }

    static boolean isConfigurationError(Throwable e) {
        return e instanceof SourceConfigException || e instanceof IllegalArgumentException
                || e instanceof ConfigurationError || e instanceof CommandLine.ParameterException;
    }

    /** Raised when the configuration cannot be loaded or makes no sense. */
    public static final class ConfigurationError extends RuntimeException {
        public ConfigurationError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final class OneLineErrors implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
            if (System.getenv("SENDTIME_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            cmd.getErr().println("sendtime: " + message.lines().findFirst().orElse(message));
            return of(e);
        }
    }
}
