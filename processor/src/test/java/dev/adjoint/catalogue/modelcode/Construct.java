package dev.adjoint.catalogue.modelcode;

/** What a model class of the corpus does that model code commonly does (issue 16's list). */
enum Construct {
  PRIVATE_FIELD("private field"),
  PRIVATE_CONSTANT("private constant"),
  CONSTANT_TABLE("private static final double[] table"),
  PRIVATE_STATIC_HELPER("private static helper"),
  INSTANCE_HELPER("instance helper"),
  GETTER("int getter"),
  MODEL_OBJECT("model object in a field"),
  PRIVATE_NESTED_CLASS("private nested class"),
  SWITCH_INT("switch on int"),
  SWITCH_ENUM("switch on enum"),
  SWITCH_STRING("switch on String"),
  GUARD_THROW("guard clause that throws"),
  ASSERT("assert"),
  ARRAY_IN_LOOP("array made in a loop"),
  RETURN_IN_LOOP("return inside a loop"),
  MATRIX_TO_HELPER("double[][] passed to a helper"),
  HELPER_RETURNS_VECTOR("helper returning double[]"),
  BOOLEAN_ARRAY("boolean[] data"),
  VECTOR_RESULT("method returning double[]");

  private final String description;

  Construct(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }
}
