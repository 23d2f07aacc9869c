using Reconciler.Core.Repositories;

namespace Reconciler.Bench;

/// <summary>The workloads: a 150-line Fern-style SDK workflow, and 1,000 repositories with variants of it.</summary>
internal static class SampleWorkflows
{
    /// <summary>compile, lint, a test matrix, docs and a publish job: every rule has something to do.</summary>
    public static string Sdk(int variant = 0) => $$$"""
        name: ci-{{{variant}}}

        on: [push]
        jobs:
          compile:
            runs-on: ubuntu-latest
            steps:
              - name: Checkout repo
                uses: actions/checkout@v6
              - name: Set up python
                uses: actions/setup-python@v6
                with:
                  python-version: 3.{{{8 + variant % 3}}}
              - name: Bootstrap poetry
                run: |
                  curl -sSL https://install.python-poetry.org | python - -y --version 1.5.1
              - name: Install dependencies
                run: poetry install
              - name: Compile
                run: poetry run mypy .

          lint:
            runs-on: ubuntu-latest
            steps:
              - name: Checkout repo
                uses: actions/checkout@v6
                with:
                  persist-credentials: false
              - name: Set up python
                uses: actions/setup-python@v6
                with:
                  python-version: 3.{{{8 + variant % 3}}}
              - name: Bootstrap poetry
                run: |
                  curl -sSL https://install.python-poetry.org | python - -y --version 1.5.1
              - name: Install dependencies
                run: poetry install
              - name: Ruff
                run: poetry run ruff check .
              - name: Format
                run: poetry run ruff format --check .

          test:
            needs: [ compile ]
            runs-on: ${{ matrix.os }}
            strategy:
              fail-fast: false
              matrix:
                os: [ubuntu-latest, macos-latest, windows-latest]
                python: [3.9, 3.10, "3.11", "3.12"]
            steps:
              - name: Checkout repo
                uses: actions/checkout@v6
              - name: Set up python
                uses: actions/setup-python@v6
                with:
                  python-version: ${{ matrix.python }}
              - name: Bootstrap poetry
                run: |
                  curl -sSL https://install.python-poetry.org | python - -y --version 1.5.1
              - name: Install dependencies
                run: poetry install
              - name: Test
                run: poetry run pytest -rP -n auto .
              - name: Upload coverage
                uses: actions/upload-artifact@v4
                with:
                  name: coverage-${{ matrix.os }}-${{ matrix.python }}
                  path: .coverage

          docs:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v6
              - uses: actions/setup-python@v6
                with:
                  python-version: "3.12"
              - run: pip install mkdocs-material && mkdocs build
              - uses: actions/upload-pages-artifact@v4
                with:
                  path: site/

          deploy-docs:
            needs: docs
            if: github.ref == 'refs/heads/main'
            runs-on: ubuntu-latest
            environment:
              name: github-pages
              url: ${{ steps.deployment.outputs.page_url }}
            steps:
              - id: deployment
                uses: actions/deploy-pages@v4

          publish:
            needs: [compile, test, lint]
            if: github.event_name == 'push' && contains(github.ref, 'refs/tags/')
            runs-on: ubuntu-latest
            steps:
              - name: Checkout repo
                uses: actions/checkout@v6
              - name: Set up python
                uses: actions/setup-python@v6
                with:
                  python-version: 3.{{{8 + variant % 3}}}
              - name: Bootstrap poetry
                run: |
                  curl -sSL https://install.python-poetry.org | python - -y --version 1.5.1
              - name: Install dependencies
                run: poetry install
              - name: Download coverage
                uses: actions/download-artifact@v4
              - name: Publish to pypi
                run: |
                  poetry config repositories.remote https://upload.pypi.org/legacy/
                  poetry --no-interaction -v publish --build --repository remote --username "$PYPI_USERNAME" --password "$PYPI_PASSWORD"
                env:
                  PYPI_USERNAME: ${{ secrets.PYPI_USERNAME }}
                  PYPI_PASSWORD: ${{ secrets.PYPI_PASSWORD }}
              - name: Create GitHub release
                run: gh release create "$GITHUB_REF_NAME" --generate-notes
                env:
                  GH_TOKEN: ${{ github.token }}
              - name: Notify
                uses: slackapi/slack-github-action@v2
                with:
                  webhook: ${{ secrets.SLACK_WEBHOOK }}
                  webhook-type: incoming-webhook
                  payload: |
                    text: "Published ${{ github.ref_name }}"

          security:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v6
                with:
                  persist-credentials: false
              - name: Scan
                run: pipx run zizmor --format sarif . > results.sarif
              - uses: github/codeql-action/upload-sarif@v4
                with:
                  sarif_file: results.sarif

          summary:
            needs: [publish]
            if: always()
            runs-on: ubuntu-latest
            steps:
              - name: Summary
                run: |
                  echo "## Release" >> "$GITHUB_STEP_SUMMARY"
                  echo "result: ${{ needs.publish.result }}" >> "$GITHUB_STEP_SUMMARY"
                  echo "ref: ${{ github.ref }}" >> "$GITHUB_STEP_SUMMARY"
        """ + "\n";

    public static RepositorySnapshot Repository(int variant) => new()
    {
        FullName = $"acme/sdk-{variant}",
        DefaultBranch = "main",
        Files = new Dictionary<string, string> { [".github/workflows/ci.yml"] = Sdk(variant) },
    };
}
