# syntax=docker/dockerfile:1
# Build context: the repository root.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Project files first, so the restore layer is reused until a project file changes.
# (The bracketed names are optional files: copied when present, skipped when not.)
COPY ForumApp.sln global.jso[n] NuGet.Confi[g] Directory.Build.prop[s] Directory.Build.target[s] Directory.Packages.prop[s] ./
COPY ForumApp/ForumApp.csproj ForumApp/
RUN dotnet restore ForumApp/ForumApp.csproj

COPY . .
RUN dotnet publish ForumApp/ForumApp.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app

# The data folder is owned by the unprivileged app user so a fresh named volume
# mounted there inherits that ownership.
RUN mkdir -p /data && chown "$APP_UID" /data

COPY --from=build /app ./
COPY seeds/ /app/seeds/

ENV ASPNETCORE_URLS=http://+:8080 \
    Forum__DataFolder=/data \
    Forum__SeedFolder=/app/seeds

VOLUME ["/data"]
EXPOSE 8080

USER $APP_UID
ENTRYPOINT ["dotnet", "ForumApp.dll"]
