package io.agner.switchdemo.log;

/** Something the log cannot do; the message names the partition, offset or file concerned. */
public class LogException extends RuntimeException {

    public LogException(String message) {
        super(message);
    }

    public LogException(String message, Throwable cause) {
        super(message, cause);
    }
}
