package io.inferenceperf.record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a run ran: inside a Kubernetes pod, its pod, namespace, node, zone, region and instance type, and the zones
 * of the model server's endpoints; whether the requests crossed zones (1-2 ms more per request, so runs placed
 * differently are not comparable). Outside Kubernetes, only that. Fields that could not be read are null, and
 * {@code notes} say why (for example a refused API read).
 *
 * @param crossZone true when some server endpoint is in another zone than the pod; null when unknown
 */
public record Placement(
    boolean kubernetes,
    String pod,
    String namespace,
    String node,
    String zone,
    String region,
    String instanceType,
    String serverService,
    List<ServerEndpoint> serverEndpoints,
    Boolean crossZone,
    List<String> notes) {

  /** One endpoint of the model server's Service. */
  public record ServerEndpoint(String address, String pod, String node, String zone) {}

  public Placement {
    serverEndpoints = List.copyOf(serverEndpoints);
    notes = List.copyOf(notes);
  }

  public static Placement outsideKubernetes() {
    return new Placement(false, null, null, null, null, null, null, null, List.of(), null,
        List.of("not run in a Kubernetes pod (KUBERNETES_SERVICE_HOST is not set)"));
  }

  /** The zones of the server's endpoints, in order of appearance, without repeats; unknown ones left out. */
  public List<String> serverZones() {
    return serverEndpoints.stream().map(ServerEndpoint::zone).filter(z -> z != null).distinct().toList();
  }

  /** As the {@code placement} object of the results header and the summary report (absent values left out). */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("kubernetes", kubernetes);
    putIf(map, "pod", pod);
    putIf(map, "namespace", namespace);
    putIf(map, "node", node);
    putIf(map, "zone", zone);
    putIf(map, "region", region);
    putIf(map, "instance_type", instanceType);
    putIf(map, "server_service", serverService);
    if (!serverEndpoints.isEmpty()) {
      map.put("server_zones", serverZones());
      List<Map<String, Object>> endpoints = new ArrayList<>();
      for (ServerEndpoint e : serverEndpoints) {
        Map<String, Object> m = new LinkedHashMap<>();
        putIf(m, "address", e.address());
        putIf(m, "pod", e.pod());
        putIf(m, "node", e.node());
        putIf(m, "zone", e.zone());
        endpoints.add(m);
      }
      map.put("server_endpoints", endpoints);
    }
    putIf(map, "cross_zone", crossZone);
    if (!notes.isEmpty()) map.put("notes", notes);
    return map;
  }

  /** Reads what {@link #toMap()} wrote (after a JSON round trip). */
  public static Placement fromMap(Map<String, ?> map) {
    List<ServerEndpoint> endpoints = new ArrayList<>();
    if (map.get("server_endpoints") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> e) {
          endpoints.add(new ServerEndpoint(str(e.get("address")), str(e.get("pod")), str(e.get("node")),
              str(e.get("zone"))));
        }
      }
    }
    List<String> notes = new ArrayList<>();
    if (map.get("notes") instanceof List<?> list) list.forEach(n -> notes.add(String.valueOf(n)));
    return new Placement(Boolean.TRUE.equals(map.get("kubernetes")), str(map.get("pod")), str(map.get("namespace")),
        str(map.get("node")), str(map.get("zone")), str(map.get("region")), str(map.get("instance_type")),
        str(map.get("server_service")), endpoints, map.get("cross_zone") instanceof Boolean b ? b : null, notes);
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  private static void putIf(Map<String, Object> map, String key, Object value) {
    if (value != null) map.put(key, value);
  }
}
