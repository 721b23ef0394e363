package dev.adjoint.processor.check;

import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;

/**
 * How deeply a method body nests calls and expressions, measured before anything asks javac about
 * the body. javac resolves each nested call recursively, and when a processor has asked about calls
 * nested a couple of hundred deep, javac's own later check of the method can overflow its stack;
 * Adjoint refuses such bodies with a clear error instead.
 */
public final class NestingDepth extends TreeScanner<Void, Void> {
  /** Calls nested deeper than this are refused (javac was seen to fail from about 190). */
  public static final int MAX_CALLS = 100;

  /** Expressions nested deeper than this are refused. */
  public static final int MAX_EXPRESSIONS = 1000;

  private int calls;
  private int depth;
  private int maxCalls;
  private int maxDepth;

  private NestingDepth() {}

  /** Whether the body is within both limits. */
  public static boolean isWithinLimits(Tree body) {
    NestingDepth d = new NestingDepth();
    d.scan(body, null);
    return d.maxCalls <= MAX_CALLS && d.maxDepth <= MAX_EXPRESSIONS;
  }

  @Override
  public Void scan(Tree tree, Void unused) {
    if (tree == null || maxDepth > MAX_EXPRESSIONS || maxCalls > MAX_CALLS) {
      return null;
    }
    depth++;
    maxDepth = Math.max(maxDepth, depth);
    try {
      return super.scan(tree, unused);
    } finally {
      depth--;
    }
  }

  @Override
  public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
    calls++;
    maxCalls = Math.max(maxCalls, calls);
    try {
      return super.visitMethodInvocation(node, unused);
    } finally {
      calls--;
    }
  }
}
