using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tmo.Edge.Data.Migrations
{
    /// <inheritdoc />
    public partial class TurnScores : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "Score",
                table: "Turns",
                type: "REAL",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Score",
                table: "Turns");
        }
    }
}
