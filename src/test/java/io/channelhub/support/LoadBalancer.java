package io.channelhub.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Round robin over hub instances by name; an instance taken out of service gets no new requests, as behind a real one. */
public final class LoadBalancer {

    private final Map<String, HubClient> inService;
    private int next;

    public LoadBalancer(Map<String, HubClient> instances) {
        this.inService = new TreeMap<>(instances);
    }

    /** The instance for the next request, with its name. */
    public synchronized Map.Entry<String, HubClient> pick() {
        List<Map.Entry<String, HubClient>> now = new ArrayList<>(inService.entrySet());
        return now.get(next++ % now.size());
    }

    public synchronized void takeOut(String instance) {
        inService.remove(instance);
    }
}
