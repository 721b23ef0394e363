package dev.adjoint.processor.ir;

/**
 * A user's field or method that the companion reaches other than by its name ({@link
 * Access.Handle} or {@link Access.Copied}): the companion declares one field for it (and, for a
 * method, one small method that calls the handle).
 *
 * @param owner the class that declares it
 * @param name its name in that class
 * @param access how the companion reaches it
 * @param form what it is
 */
public record Member(ClassRef owner, String name, Access access, Form form) {
  /** What a member is, which decides how its handle is made and used. */
  public enum Form {
    STATIC_FIELD,
    /** A field of the receiver: its handle takes the receiver. */
    INSTANCE_FIELD,
    STATIC_METHOD,
    /** A method of the receiver: its handle, and the companion's method calling it, take the receiver first. */
    INSTANCE_METHOD
  }

  /** Whether it is a method, called through the companion's method that calls its handle. */
  public boolean isMethod() {
    return form == Form.STATIC_METHOD || form == Form.INSTANCE_METHOD;
  }

  /** The member a read or call reaches indirectly, or null if the companion names it. */
  public static Member of(Expr e) {
    if (e instanceof Expr.FieldRef f && !(f.access() instanceof Access.Direct)) {
      return new Member(f.owner(), f.name(), f.access(), Form.STATIC_FIELD);
    } else if (e instanceof Expr.InstanceField f && !(f.access() instanceof Access.Direct)) {
      return new Member(f.owner(), f.name(), f.access(), Form.INSTANCE_FIELD);
    } else if (e instanceof Expr.Call c
        && c.target() instanceof CallTarget.Data d
        && !(d.access() instanceof Access.Direct)) {
      return new Member(
          d.owner(), d.name(), d.access(), d.onReceiver() ? Form.INSTANCE_METHOD : Form.STATIC_METHOD);
    }
    return null;
  }
}
