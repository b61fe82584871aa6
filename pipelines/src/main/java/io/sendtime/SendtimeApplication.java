package io.sendtime;

import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SendtimeApplication {
    public static void main(String[] args) {
        org.springframework.boot.SpringApplication.run(SendtimeApplication.class, args);
    }
}
