package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.DiagnosticSources.expectErrors;

import org.junit.jupiter.api.Test;

/**
 * The refusals of {@code @Checkpointed} (ADJ070–ADJ072), each on its line: the annotation's for a
 * loop that cannot be found, the loop's for a loop that cannot be checkpointed.
 */
class CheckpointDiagnosticsTest {
  @Test
  void adj070NoLoopToCheckpoint() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Checkpointed;
        import dev.adjoint.Differentiable;
        class Foo {
          @Differentiable
          @Checkpointed(snapshots = 0)  //! ADJ070
          static double noSnapshots(double x, int n) {
            for (int i = 0; i < n; i++) {
              x = Math.sin(x);
            }
            return x;
          }

          @Checkpointed(snapshots = 4)
          static double notDifferentiable(double x, int n) {  //! ADJ070
            for (int i = 0; i < n; i++) {
              x = Math.sin(x);
            }
            return x;
          }

          @Differentiable
          @Checkpointed(snapshots = 4)  //! ADJ070
          static double noLoop(double x) {
            return x * x;
          }

          @Differentiable
          @Checkpointed(snapshots = 4)  //! ADJ070
          static double twoLoops(double x, int n) {
            for (int i = 0; i < n; i++) {
              x = Math.sin(x);
            }
            for (int i = 0; i < n; i++) {
              x = Math.cos(x);
            }
            return x;
          }

          @Differentiable
          @Checkpointed(snapshots = 4, loop = "steps")  //! ADJ070
          static double noSuchLabel(double x, int n) {
            other:
            for (int i = 0; i < n; i++) {
              x = Math.sin(x);
            }
            return x;
          }

          @Differentiable
          @Checkpointed(snapshots = 4, loop = "steps")  //! ADJ070
          static double labelledLoopInABranch(double x, int n) {
            if (n > 2) {
              steps:
              for (int i = 0; i < n; i++) {
                x = Math.sin(x);
              }
            }
            return x;
          }
        }
        """);
  }

  @Test
  void adj071LoopsThatAreNotCountedOrBreak() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Checkpointed;
        import dev.adjoint.Differentiable;
        class Foo {
          @Differentiable
          @Checkpointed(snapshots = 4)
          static double whileLoop(double x, int n) {
            int i = 0;
            while (i < n) {  //! ADJ071
              x = Math.sin(x);
              i++;
            }
            return x;
          }

          @Differentiable
          @Checkpointed(snapshots = 4)
          static double breaks(double x, int n) {
            for (int i = 0; i < n; i++) {  //! ADJ071
              if (x > 10) {
                break;
              }
              x = x * 1.5;
            }
            return x;
          }

          @Differentiable
          @Checkpointed(snapshots = 4)
          static double boundChangedInTheLoop(double x, int n) {
            for (int i = 0; i < n; i++) {  //! ADJ071
              x = Math.sin(x);
              n = n - 1;
            }
            return x;
          }
        }
        """);
  }

  @Test
  void adj072StatesSnapshotsCannotHold() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Checkpointed;
        import dev.adjoint.Differentiable;
        class Foo {
          @Differentiable
          @Checkpointed(snapshots = 4)
          static double longCounter(double x, int n) {
            long seen = 0;
            for (int i = 0; i < n; i++) {  //! ADJ072
              x = Math.sin(x);
              seen += 1;
            }
            return x + seen;
          }

          @Differentiable
          @Checkpointed(snapshots = 4, loop = "steps")
          static double matrixState(double x, int n) {
            double[][] m = new double[2][2];
            steps:
            for (int i = 0; i < n; i++) {  //! ADJ072
              m[i % 2][0] = m[i % 2][0] + x;
            }
            return m[0][0] * m[1][0];
          }
        }
        """);
  }
}
