package dev.adjoint.runtime;

/** The vertex orders of {@link ColoringOrder}, in time linear in the graph's size. */
final class VertexOrders {
  private VertexOrders() {}

  /** The vertices of {@code graph} in {@code order}; {@code buffer} has room for every vertex. */
  static int[] of(ColoringOrder order, Neighbours graph, int[] buffer) {
    switch (order) {
      case NATURAL:
        return natural(graph.vertices());
      case LARGEST_FIRST:
        return largestFirst(degrees(graph, buffer));
      case SMALLEST_LAST:
        return smallestLast(graph, degrees(graph, buffer), buffer);
      case INCIDENCE_DEGREE:
        return incidenceDegree(graph, degrees(graph, buffer), buffer);
      default:
        throw new AssertionError(order);
    }
  }

  static int[] natural(int n) {
    int[] order = new int[n];
    for (int v = 0; v < n; v++) {
      order[v] = v;
    }
    return order;
  }

  private static int[] degrees(Neighbours graph, int[] buffer) {
    int[] degree = new int[graph.vertices()];
    for (int v = 0; v < degree.length; v++) {
      degree[v] = graph.collect(v, buffer);
    }
    return degree;
  }

  /** By degree, largest first, ties in index order (a counting sort). */
  private static int[] largestFirst(int[] degree) {
    int n = degree.length;
    int[] startOf = new int[n + 1];
    for (int d : degree) {
      startOf[n - 1 - d]++;
    }
    for (int d = 0, sum = 0; d <= n; d++) {
      int count = startOf[d];
      startOf[d] = sum;
      sum += count;
    }
    int[] order = new int[n];
    for (int v = 0; v < n; v++) {
      order[startOf[n - 1 - degree[v]]++] = v;
    }
    return order;
  }

  private static int[] smallestLast(Neighbours graph, int[] degree, int[] buffer) {
    int n = degree.length;
    BucketQueue queue = new BucketQueue(n, degree);
    int[] order = new int[n];
    int lowest = 0;
    for (int position = n - 1; position >= 0; position--) {
      lowest = Math.max(0, lowest - 1);
      while (queue.isEmpty(lowest)) {
        lowest++;
      }
      int v = queue.first(lowest);
      queue.remove(v);
      order[position] = v;
      int count = graph.collect(v, buffer);
      for (int k = 0; k < count; k++) {
        int u = buffer[k];
        if (queue.contains(u)) {
          queue.move(u, queue.key(u) - 1);
        }
      }
    }
    return order;
  }

  /**
   * Each next vertex has the most neighbours already ordered; among those with none, the first of
   * largest degree (so the first vertex is one of largest degree).
   */
  private static int[] incidenceDegree(Neighbours graph, int[] degree, int[] buffer) {
    int n = degree.length;
    int[] byDegree = largestFirst(degree);
    int[] zero = new int[n];
    BucketQueue queue = new BucketQueue(n, zero);
    // Reinsert by decreasing degree so that the bucket of zero incidence starts with the largest.
    for (int k = n - 1; k >= 0; k--) {
      queue.remove(byDegree[k]);
      queue.add(byDegree[k], 0);
    }
    int[] order = new int[n];
    int highest = 0;
    for (int position = 0; position < n; position++) {
      while (queue.isEmpty(highest)) {
        highest--;
      }
      int v = queue.first(highest);
      queue.remove(v);
      order[position] = v;
      int count = graph.collect(v, buffer);
      for (int k = 0; k < count; k++) {
        int u = buffer[k];
        if (queue.contains(u)) {
          int key = queue.key(u) + 1;
          queue.move(u, key);
          highest = Math.max(highest, key);
        }
      }
    }
    return order;
  }

  /** Vertices in buckets by an integer key from 0 to n, each bucket a doubly linked list. */
  private static final class BucketQueue {
    private final int[] head;
    private final int[] next;
    private final int[] previous;
    private final int[] key;

    BucketQueue(int n, int[] initialKey) {
      head = new int[n + 1];
      next = new int[n];
      previous = new int[n];
      key = new int[n];
      java.util.Arrays.fill(head, -1);
      for (int v = n - 1; v >= 0; v--) {
        add(v, initialKey[v]);
      }
    }

    boolean isEmpty(int bucket) {
      return head[bucket] < 0;
    }

    int first(int bucket) {
      return head[bucket];
    }

    boolean contains(int v) {
      return key[v] >= 0;
    }

    int key(int v) {
      return key[v];
    }

    void add(int v, int bucket) {
      key[v] = bucket;
      previous[v] = -1;
      next[v] = head[bucket];
      if (head[bucket] >= 0) {
        previous[head[bucket]] = v;
      }
      head[bucket] = v;
    }

    void remove(int v) {
      if (previous[v] >= 0) {
        next[previous[v]] = next[v];
      } else {
        head[key[v]] = next[v];
      }
      if (next[v] >= 0) {
        previous[next[v]] = previous[v];
      }
      key[v] = -1;
    }

    void move(int v, int bucket) {
      remove(v);
      add(v, bucket);
    }
  }
}
