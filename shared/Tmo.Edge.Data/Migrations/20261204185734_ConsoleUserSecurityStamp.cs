using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tmo.Edge.Data.Migrations
{
    /// <inheritdoc />
    public partial class ConsoleUserSecurityStamp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SecurityStamp",
                table: "ConsoleUsers",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            // Written by hand: accounts from before the stamp get a random one (hex of 16 random bytes, as
            // ConsoleUserStore makes them); sessions signed in before it carry none and end at their next request.
            migrationBuilder.Sql("UPDATE \"ConsoleUsers\" SET \"SecurityStamp\" = upper(hex(randomblob(16)));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SecurityStamp",
                table: "ConsoleUsers");
        }
    }
}
