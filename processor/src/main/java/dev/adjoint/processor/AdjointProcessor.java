package dev.adjoint.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import com.sun.source.util.Trees;
import dev.adjoint.processor.check.DerivativeOfChecks;
import dev.adjoint.processor.check.Differentiables;
import dev.adjoint.processor.check.GradientOfChecks;
import dev.adjoint.processor.check.Support;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.emit.CompanionWriter;
import dev.adjoint.processor.emit.CompanionWriter.Derivatives;
import dev.adjoint.processor.ir.ClassRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Adjoint's annotation processor. It only finds the {@code @Differentiable} methods, groups them by
 * class in a stable order, and hands each to the {@link MethodPipeline}; a failure in one method
 * becomes an error on that method and never stops the compilation of the others.
 *
 * <p>For Gradle it is not incremental, neither "isolating" nor "aggregating": it reads method
 * bodies across classes (a method called by a {@code @Differentiable} one elsewhere is
 * differentiated into its own class's companion; callees' bodies and effects are read from their
 * sources), which Gradle's isolating category cannot track, and aggregating processors are
 * handed unchanged classes as class files, without bodies. {@code
 * META-INF/gradle/incremental.annotation.processors} says so and declares nothing, so Gradle
 * recompiles the source set whole.
 */
@AutoService(Processor.class)
public final class AdjointProcessor extends AbstractProcessor {
  private Trees trees;
  private boolean reportedNoTrees;

  /**
   * {@code @Generated}, {@code @WithRespectTo} and {@code @HasEffects} are listed (and so claimed) only so that javac's
   * {@code -Xlint:processing} does not warn that no processor claimed the annotations on the
   * companions this one writes.
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(
        Support.DIFFERENTIABLE,
        Support.GRADIENT_OF,
        Support.HESSIAN_VECTOR_OF,
        Support.DERIVATIVE_OF,
        dev.adjoint.processor.check.CheckpointChecks.CHECKPOINTED,
        GeneratedAnnotation.NAME,
        "dev.adjoint.runtime.WithRespectTo",
        "dev.adjoint.runtime.HasEffects");
  }

  /**
   * {@code -Aadjoint.stages=DIR}: for each method, a file {@code DIR/p.Foo.m.txt} with its IR as
   * read, as differentiated and as generated.
   */
  static final String STAGES_OPTION = "adjoint.stages";

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(STAGES_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public synchronized void init(javax.annotation.processing.ProcessingEnvironment env) {
    super.init(env);
    // Null under another compiler (ECJ) or a wrapper that hides javac's environment: reported
    // once, on the first @Differentiable method.
    trees = CompilerTrees.of(env);
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement gradientOf = processingEnv.getElementUtils().getTypeElement(Support.GRADIENT_OF);
    if (gradientOf != null) {
      for (Element e : round.getElementsAnnotatedWith(gradientOf)) {
        if (e instanceof ExecutableElement g) {
          GradientOfChecks.check(g, processingEnv.getMessager());
        }
      }
    }
    TypeElement hessianVectorOf =
        processingEnv.getElementUtils().getTypeElement(Support.HESSIAN_VECTOR_OF);
    if (hessianVectorOf != null) {
      for (Element e : round.getElementsAnnotatedWith(hessianVectorOf)) {
        if (e instanceof ExecutableElement h) {
          GradientOfChecks.checkHessianVector(h, processingEnv.getMessager());
        }
      }
    }
    TypeElement derivativeOf = processingEnv.getElementUtils().getTypeElement(Support.DERIVATIVE_OF);
    if (derivativeOf != null) {
      for (Element e : round.getElementsAnnotatedWith(derivativeOf)) {
        if (e instanceof ExecutableElement h) {
          DerivativeOfChecks.check(h, processingEnv.getMessager());
        }
      }
    }
    TypeElement checkpointed =
        processingEnv
            .getElementUtils()
            .getTypeElement(dev.adjoint.processor.check.CheckpointChecks.CHECKPOINTED);
    if (checkpointed != null) {
      for (Element e : round.getElementsAnnotatedWith(checkpointed)) {
        dev.adjoint.processor.check.CheckpointChecks.requireDifferentiable(
            e, processingEnv.getMessager());
      }
    }
    TypeElement annotation = processingEnv.getElementUtils().getTypeElement(Support.DIFFERENTIABLE);
    if (annotation == null) {
      return false;
    }
    List<ExecutableElement> annotated = new ArrayList<>();
    for (Element e : round.getElementsAnnotatedWith(annotation)) {
      if (e.getKind() == ElementKind.METHOD) {
        annotated.add((ExecutableElement) e);
      }
    }
    Differentiables differentiables =
        trees == null
            ? Differentiables.annotatedOnly()
            : Differentiables.discover(annotated, trees, processingEnv.getElementUtils());
    List<ExecutableElement> all = new ArrayList<>(annotated);
    differentiables.implicit().forEach(i -> all.add(i.method()));
    Map<String, List<ExecutableElement>> byClass = new TreeMap<>();
    for (ExecutableElement e : all) {
      TypeElement owner = (TypeElement) e.getEnclosingElement();
      byClass.computeIfAbsent(owner.getQualifiedName().toString(), k -> new ArrayList<>()).add(e);
    }
    Map<TypeElement, List<CallGraph.Done>> done = new java.util.LinkedHashMap<>();
    Set<CallGraph.MethodRef> failed = new java.util.HashSet<>();
    for (List<ExecutableElement> methods : byClass.values()) {
      TypeElement owner = (TypeElement) methods.get(0).getEnclosingElement();
      // getEnclosedElements is in source order; round order is unspecified.
      List<? extends Element> order = owner.getEnclosedElements();
      methods.sort(Comparator.comparingInt(order::indexOf));
      List<CallGraph.Done> ok = new ArrayList<>();
      Map<String, ExecutableElement> generated = new java.util.HashMap<>();
      for (ExecutableElement method : methods) {
        CallGraph.Done d = processMethod(method, differentiables);
        if (d != null && clashes(d.derivatives(), method, generated)) {
          // Overloads whose generated methods would collide: javac would reject the companion.
          d = null;
        }
        if (d != null) {
          ok.add(d);
        } else {
          failed.add(new CallGraph.MethodRef(Support.classRef(owner), method.getSimpleName().toString()));
        }
      }
      done.put(owner, ok);
    }
    // A recording calling one not made would not compile: the caller has none either.
    CallGraph.dropRecordingsCallingUnrecorded(done, failed, trees, processingEnv.getMessager());
    // A method calling one that failed would not compile: it fails too, saying why.
    CallGraph.dropCallersOfFailed(
        done, failed, differentiables, trees, processingEnv.getMessager());
    done.forEach(
        (owner, ok) -> {
          if (!ok.isEmpty()) {
            writeCompanion(owner, ok.stream().map(CallGraph.Done::derivatives).toList());
          }
        });
    return true;
  }

  private void writeCompanion(TypeElement owner, List<Derivatives> done) {
    ClassRef ref = Support.classRef(owner);
    JavaFile file =
        CompanionWriter.write(
            ref,
            owner,
            isPublic(owner),
            done,
            shadowedJavaLang(owner),
            Kinds.emitters(),
            GeneratedAnnotation.visibleFrom(owner, processingEnv.getElementUtils()));
    try {
      file.writeTo(processingEnv.getFiler());
    } catch (IOException e) {
      error(
          owner,
          Message.COMPANION_NOT_WRITTEN,
          ref.packageName() + "." + CompanionWriter.companionName(ref),
          e.getMessage(),
          owner.getSimpleName());
    }
  }

  private CallGraph.Done processMethod(
      ExecutableElement method, Differentiables differentiables) {
    if (trees == null) {
      if (!reportedNoTrees) {
        // Once per compilation: the same cause holds for every method.
        reportedNoTrees = true;
        String environment = processingEnv.getClass().getName();
        processingEnv
            .getMessager()
            .printMessage(Diagnostic.Kind.ERROR, Message.NO_TREES.format(environment), method);
      }
      return null;
    }
    try {
      String stages = processingEnv.getOptions().get(STAGES_OPTION);
      MethodPipeline pipeline =
          new MethodPipeline(
              trees,
              processingEnv.getElementUtils(),
              processingEnv.getMessager(),
              stages == null || stages.isBlank() ? null : java.nio.file.Path.of(stages),
              differentiables);
      Derivatives d = pipeline.process(method);
      return d == null ? null : new CallGraph.Done(
              method, d, pipeline.generatedCallees(), pipeline.recordingCallees());
    } catch (StackOverflowError e) {
      error(method, Message.TOO_DEEP, method.getSimpleName());
    } catch (RuntimeException | Error e) {
      error(method, Message.INTERNAL, method.getSimpleName(), e);
    }
    return null;
  }

  /**
   * Whether the companion methods of {@code d} cannot sit beside those already generated, which
   * it reports; records them when they can.
   */
  private boolean clashes(
      Derivatives d, ExecutableElement method, Map<String, ExecutableElement> generated) {
    List<String> signatures = CompanionWriter.signatures(d);
    for (String signature : signatures) {
      ExecutableElement other = generated.get(signature);
      if (other != null) {
        error(
            method,
            Message.GENERATED_CLASH,
            signature,
            method.getSimpleName() + describe(method),
            other.getSimpleName() + describe(other));
        return true;
      }
    }
    signatures.forEach(sig -> generated.put(sig, method));
    return false;
  }

  private static String describe(ExecutableElement method) {
    return method.getParameters().stream()
        .map(p -> p.asType().toString())
        .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
  }

  private void error(Element element, Message message, Object... args) {
    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message.format(args), element);
  }

  /**
   * The names of the classes of {@code owner}'s package that hide a {@code java.lang} class of the
   * same name: in the companion, {@code Math} would name the user's class, not {@code java.lang}'s.
   */
  private java.util.Set<String> shadowedJavaLang(TypeElement owner) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    javax.lang.model.util.Elements elements = processingEnv.getElementUtils();
    javax.lang.model.element.PackageElement p = elements.getPackageOf(owner);
    for (Element e : p.getEnclosedElements()) {
      String name = e.getSimpleName().toString();
      if (e instanceof TypeElement && elements.getTypeElement("java.lang." + name) != null) {
        out.add(name);
      }
    }
    return out;
  }

  private static boolean isPublic(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (!e.getModifiers().contains(Modifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }
}
