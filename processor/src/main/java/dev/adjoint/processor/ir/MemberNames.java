package dev.adjoint.processor.ir;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names a companion gives the members it reaches indirectly ({@link Member}): the name of the
 * handle or copied constant it declares, or, for a method, of the method that calls the handle.
 * One table per companion, so that every generated method prints the same name.
 */
public record MemberNames(Map<Member, String> names) {
  public static final MemberNames NONE = new MemberNames(Map.of());

  public MemberNames {
    names = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(names));
  }

  /** The name of {@code member} in the companion. */
  public String nameOf(Member member) {
    String name = names.get(member);
    if (name == null) {
      throw new IllegalStateException("the companion declares nothing for " + member);
    }
    return name;
  }
}
