package io.channelhub.kafka;

import io.channelhub.connector.ConfiguredConnector;
import io.channelhub.connector.ConnectorRegistry;
import io.channelhub.ingest.IngestProperties;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Ordered;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connects the hub to Kafka: starts the embedded broker unless an external cluster is configured, creates the
 * hub's topics before any route starts, and points camel-kafka at the right servers.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    /**
     * The Camel context starts after Kafka is reachable and its topics exist, and stops before the embedded broker
     * does, so that consumers and in-flight sends finish against a live broker.
     */
    @Bean
    static BeanFactoryPostProcessor camelContextDependsOnKafka() {
        return factory -> {
            for (String name : factory.getBeanNamesForType(org.apache.camel.CamelContext.class, false, false)) {
                BeanDefinition definition = factory.getBeanDefinition(name);
                String[] existing = definition.getDependsOn();
                List<String> dependsOn = new ArrayList<>(existing == null ? List.of() : List.of(existing));
                dependsOn.add("kafkaConnection");
                definition.setDependsOn(dependsOn.toArray(String[]::new));
            }
        };
    }

    /** Present only in the default run; closed (broker stopped) after the Camel context, which depends on it. */
    @Bean(destroyMethod = "close")
    EmbeddedKafkaBroker embeddedKafkaBroker(HubKafkaProperties properties) {
        if (!properties.useEmbedded()) {
            return null;
        }
        HubKafkaProperties.Embedded embedded = properties.embedded();
        return EmbeddedKafkaBroker.start(embedded.logDir(), embedded.port(), embedded.controllerPort());
    }

    /** Room for the envelope headers on top of the largest body ingest accepts. */
    private static final int ENVELOPE_ALLOWANCE_BYTES = 64 * 1024;

    @Bean
    KafkaConnection kafkaConnection(HubKafkaProperties properties, ObjectProvider<EmbeddedKafkaBroker> broker,
            HubTopics topics, ConnectorRegistry connectors, IngestProperties ingest) {
        EmbeddedKafkaBroker embedded = broker.getIfAvailable();
        KafkaConnection connection = embedded != null
                ? new KafkaConnection(embedded.bootstrapServers(), true)
                : new KafkaConnection(properties.bootstrapServers(), false);
        // every connector's, the hub's own (the synthetic probe's) included
        createTopics(connection, properties, topics,
                connectors.all().stream().map(ConfiguredConnector::id).toList(), maxRecordBytes(ingest));
        return connection;
    }

    /**
     * Points camel-kafka at the broker, and lets a record as large as the largest accepted webhook through: Kafka's
     * default 1 MiB request limit would refuse a 1 MiB body once its headers are added.
     */
    @Bean
    ComponentCustomizer kafkaBrokers(KafkaConnection connection, IngestProperties ingest, HubKafkaProperties kafka) {
        // runs after the starter's customizer, which applies camel.component.kafka.* (with its 1 MiB default)
        return ComponentCustomizer.builder(KafkaComponent.class).withOrder(Ordered.LOWEST).build(component -> {
            org.apache.camel.component.kafka.KafkaConfiguration configuration = component.getConfiguration();
            configuration.setBrokers(connection.bootstrapServers());
            configuration.setMaxRequestSize(maxRecordBytes(ingest));
            // a send either completes within hub.kafka.send-timeout or fails, and ingest answers 503: a third of it
            // may go to waiting for metadata or buffer space, the whole of it to the broker's acknowledgement
            int sendTimeout = Math.toIntExact(kafka.sendTimeout().toMillis());
            configuration.setMaxBlockMs(sendTimeout / 3);
            configuration.setRequestTimeoutMs(sendTimeout * 2 / 3);
            configuration.setDeliveryTimeoutMs(sendTimeout);
        });
    }

    static int maxRecordBytes(IngestProperties ingest) {
        return Math.toIntExact(ingest.maxBodySize().toBytes() + ENVELOPE_ALLOWANCE_BYTES);
    }

    private static void createTopics(KafkaConnection connection, HubKafkaProperties properties, HubTopics topics,
            Collection<String> connectorIds, int maxRecordBytes) {
        Map<String, String> topicConfig = Map.of(
                "min.insync.replicas", Integer.toString(properties.minInsyncReplicas()),
                "max.message.bytes", Integer.toString(maxRecordBytes));
        List<NewTopic> wanted = new ArrayList<>();
        for (String connectorId : connectorIds) {
            wanted.add(new NewTopic(topics.inbound(connectorId), properties.inboundPartitions(),
                    properties.replicationFactor()).configs(topicConfig));
        }
        wanted.add(new NewTopic(topics.deadLetters(), properties.deadLetterPartitions(), properties.replicationFactor())
                .configs(topicConfig));
        wanted.add(new NewTopic(topics.stockFeed(), properties.inboundPartitions(), properties.replicationFactor())
                .configs(topicConfig));
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            Set<String> existing = client.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(topic -> !existing.contains(topic.name())).toList();
            if (!missing.isEmpty()) {
                client.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                log.info("created Kafka topics {}", missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create the hub's Kafka topics at "
                        + connection.bootstrapServers(), e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not reach Kafka at " + connection.bootstrapServers()
                    + " to create the hub's topics", e);
        }
    }
}
