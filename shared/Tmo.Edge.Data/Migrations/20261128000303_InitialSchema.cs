using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tmo.Edge.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", nullable: false),
                    Detail = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditLog", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DailySpend",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CloudUsd = table.Column<double>(type: "REAL", nullable: false),
                    LocalUsd = table.Column<double>(type: "REAL", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailySpend", x => x.Day);
                });

            migrationBuilder.CreateTable(
                name: "Dialogues",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastActivityAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyBudgetS = table.Column<double>(type: "REAL", nullable: false),
                    UsageBudgetUsd = table.Column<double>(type: "REAL", nullable: false),
                    SpentLatencyS = table.Column<double>(type: "REAL", nullable: false),
                    SpentUsageUsd = table.Column<double>(type: "REAL", nullable: false),
                    TurnCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Dialogues", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PolicyVersions",
                columns: table => new
                {
                    Version = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Algorithm = table.Column<string>(type: "TEXT", nullable: false),
                    CheckpointPath = table.Column<string>(type: "TEXT", nullable: false),
                    CheckpointSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LoadedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyVersions", x => x.Version);
                });

            migrationBuilder.CreateTable(
                name: "Settings",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Settings", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "TelemetrySamples",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TelemetrySamples", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Turns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DialogueId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Prompt = table.Column<string>(type: "TEXT", nullable: false),
                    Task = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TaskInferred = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Action = table.Column<int>(type: "INTEGER", nullable: true),
                    Location = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    Views = table.Column<string>(type: "TEXT", nullable: false),
                    Probabilities = table.Column<string>(type: "TEXT", nullable: false),
                    LatencyMs = table.Column<double>(type: "REAL", nullable: true),
                    UsageUsd = table.Column<double>(type: "REAL", nullable: true),
                    EnergyJ = table.Column<double>(type: "REAL", nullable: true),
                    ResponseText = table.Column<string>(type: "TEXT", nullable: true),
                    PolicyVersion = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Error = table.Column<string>(type: "TEXT", nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Masked = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Turns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Turns_Dialogues_DialogueId",
                        column: x => x.DialogueId,
                        principalTable: "Dialogues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_At",
                table: "AuditLog",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_Dialogues_LastActivityAt",
                table: "Dialogues",
                column: "LastActivityAt");

            migrationBuilder.CreateIndex(
                name: "IX_TelemetrySamples_At",
                table: "TelemetrySamples",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_TelemetrySamples_Metric_At",
                table: "TelemetrySamples",
                columns: new[] { "Metric", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Turns_DialogueId_RequestId",
                table: "Turns",
                columns: new[] { "DialogueId", "RequestId" },
                unique: true,
                filter: "\"RequestId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Turns_DialogueId_Sequence",
                table: "Turns",
                columns: new[] { "DialogueId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Turns_PublishedAt",
                table: "Turns",
                column: "PublishedAt",
                filter: "\"PublishedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Turns_Status_ReceivedAt",
                table: "Turns",
                columns: new[] { "Status", "ReceivedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditLog");

            migrationBuilder.DropTable(
                name: "DailySpend");

            migrationBuilder.DropTable(
                name: "PolicyVersions");

            migrationBuilder.DropTable(
                name: "Settings");

            migrationBuilder.DropTable(
                name: "TelemetrySamples");

            migrationBuilder.DropTable(
                name: "Turns");

            migrationBuilder.DropTable(
                name: "Dialogues");
        }
    }
}
