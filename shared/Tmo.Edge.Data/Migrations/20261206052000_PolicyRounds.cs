using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tmo.Edge.Data.Migrations
{
    /// <inheritdoc />
    public partial class PolicyRounds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PolicyRounds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Round = table.Column<int>(type: "INTEGER", nullable: false),
                    ChampionVersion = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ChallengerVersion = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ChallengerMethod = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ChampionDeviceReward = table.Column<double>(type: "REAL", nullable: false),
                    ChallengerDeviceReward = table.Column<double>(type: "REAL", nullable: false),
                    ChampionDatasetReward = table.Column<double>(type: "REAL", nullable: false),
                    ChallengerDatasetReward = table.Column<double>(type: "REAL", nullable: false),
                    ChallengerViolations = table.Column<int>(type: "INTEGER", nullable: false),
                    Promoted = table.Column<bool>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    RatedTurns = table.Column<int>(type: "INTEGER", nullable: false),
                    HeldOutDialogues = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyRounds", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PolicyRounds_At",
                table: "PolicyRounds",
                column: "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PolicyRounds");
        }
    }
}
