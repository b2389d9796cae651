package io.channelhub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts channel-hub: webhook ingest, the processing pipeline and the ops API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ChannelHubApplication {

    public static void main(String[] args) {
        SpringApplication.run(ChannelHubApplication.class, args);
    }
}
