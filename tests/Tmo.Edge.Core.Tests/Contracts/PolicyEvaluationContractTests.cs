using System.Text.Json;
using Tmo.Edge.Core.Contracts;

namespace Tmo.Edge.Core.Tests.Contracts;

public sealed class PolicyEvaluationContractTests
{
    /// <summary>The `policy eval --json` document as the daemon's own records wrote it before the contract type (commit b6ddc5b).</summary>
    private const string Captured = """
        {
          "methods": [
            {
              "name": "TMO",
              "responseScore": 0.71,
              "associationScore": 0.64,
              "latencyS": 12.5,
              "usageUsd": 0.0125,
              "reward": 0.42,
              "latencyViolationShare": 0.05,
              "usageViolationShare": 0.1,
              "latencyExcessS": 1.25,
              "usageExcessUsd": 0.002,
              "refusedShare": 0.01,
              "oracleShare": 0.93,
              "selected": [
                "TMO",
                null
              ],
              "actions": {
                "local": 120,
                "cloudText": 30,
                "cloudViews": 45,
                "refused": 5
              },
              "std": {
                "responseScore": 0.01,
                "associationScore": 0.02,
                "latencyS": 0.5,
                "usageUsd": 0.001,
                "reward": 0.03,
                "latencyViolationShare": 0.01,
                "usageViolationShare": 0.02,
                "latencyExcessS": 0.1,
                "usageExcessUsd": 0.0005,
                "refusedShare": 0.005,
                "oracleShare": 0.02
              }
            },
            {
              "name": "Local",
              "responseScore": 0.5,
              "associationScore": 0.4,
              "latencyS": 20,
              "usageUsd": 0,
              "reward": 0.3,
              "latencyViolationShare": 0.2,
              "usageViolationShare": 0,
              "latencyExcessS": 2.5,
              "usageExcessUsd": 0,
              "refusedShare": 0,
              "oracleShare": null,
              "selected": null,
              "actions": {
                "local": 200,
                "cloudText": 0,
                "cloudViews": 0,
                "refused": 0
              },
              "std": {
                "responseScore": 0,
                "associationScore": 0,
                "latencyS": 1,
                "usageUsd": 0,
                "reward": 0.01,
                "latencyViolationShare": 0.02,
                "usageViolationShare": 0,
                "latencyExcessS": 0.3,
                "usageExcessUsd": 0,
                "refusedShare": 0,
                "oracleShare": null
              }
            }
          ],
          "seeds": [
            1,
            2
          ],
          "budgets": {
            "latencyS": 30,
            "usageUsd": 0.05
          },
          "path": "offline"
        }
        """;

    [Fact]
    public void Todays_evaluation_document_is_read_field_by_field()
    {
        var evaluation = JsonSerializer.Deserialize(Captured, ContractJsonContext.Default.PolicyEvaluation)!;

        Assert.Equal([1, 2], evaluation.Seeds);
        Assert.Equal(new EvaluatedBudgets(30, 0.05), evaluation.Budgets);
        Assert.Equal(PolicyEvaluation.OfflinePath, evaluation.Path);
        var (tmo, local) = (evaluation.Methods[0], evaluation.Methods[1]);
        Assert.Equal(("TMO", 0.71, 0.42, 0.93), (tmo.Name, tmo.ResponseScore, tmo.Reward, tmo.OracleShare));
        Assert.Equal(["TMO", null], tmo.Selected);
        Assert.Equal(new EvaluatedActions(120, 30, 45, 5), tmo.Actions);
        Assert.Equal(0.0005, tmo.Std!.UsageExcessUsd);
        Assert.Null(local.OracleShare);
        Assert.Null(local.Selected);
        Assert.Null(local.Std!.OracleShare);
    }

    [Fact]
    public void An_evaluation_written_again_is_byte_for_byte_what_the_daemon_wrote_before()
    {
        var evaluation = JsonSerializer.Deserialize(Captured, ContractJsonContext.Default.PolicyEvaluation)!;

        Assert.Equal(Captured.ReplaceLineEndings(), ContractJson.WriteIndented(evaluation, ContractJsonContext.Default.PolicyEvaluation));
    }

    [Fact]
    public void An_evaluation_from_before_refusals_and_the_oracle_share_reads_them_as_none()
    {
        var evaluation = JsonSerializer.Deserialize(
            """{"methods":[{"name":"Random","responseScore":1.01,"latencyS":9.5,"usageUsd":0.0117,"reward":0.88,"latencyViolationShare":0,"usageViolationShare":0}]}""",
            ContractJsonContext.Default.PolicyEvaluation)!;

        var method = Assert.Single(evaluation.Methods);
        Assert.Equal((0.0, null), (method.RefusedShare, method.OracleShare));
        Assert.Null(evaluation.Budgets);
    }
}
