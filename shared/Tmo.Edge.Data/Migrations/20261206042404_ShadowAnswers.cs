using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tmo.Edge.Data.Migrations
{
    /// <inheritdoc />
    public partial class ShadowAnswers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ShadowAnswers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DialogueId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Action = table.Column<int>(type: "INTEGER", nullable: false),
                    Location = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Views = table.Column<string>(type: "TEXT", nullable: false),
                    ResponseText = table.Column<string>(type: "TEXT", nullable: false),
                    LatencyMs = table.Column<double>(type: "REAL", nullable: false),
                    UsageUsd = table.Column<double>(type: "REAL", nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShadowAnswers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ShadowAnswers_Dialogues_DialogueId",
                        column: x => x.DialogueId,
                        principalTable: "Dialogues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ShadowAnswers_CreatedAt",
                table: "ShadowAnswers",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ShadowAnswers_DialogueId_Sequence",
                table: "ShadowAnswers",
                columns: new[] { "DialogueId", "Sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ShadowAnswers");
        }
    }
}
