# syntax=docker/dockerfile:1
# RpsVision images, built from the repository root.
#
#   docker build -t rpsvision-serving .                             # serving, model mounted at /models/model.onnx
#   docker build --target serving-baked --build-context model=runs/latest -t rpsvision-serving:baked .
#                                                                    # serving with the latest run's model.onnx baked in
#   docker build --target training -t rpsvision-training .          # the training job (libtorch, large)
#
# The serving images hold the ASP.NET Core runtime and the published host (about 39 MB for linux-x64): ONNX Runtime
# (libonnxruntime.so, 29 MB, the one native library), ImageSharp, the OpenAPI/Scalar page, prometheus-net,
# RpsVision.Core (with its embedded report font) and TorchSharp's managed assembly, which the host never loads. No
# libtorch, no TorchSharp native code, no SkiaSharp/HarfBuzz natives nor ScottPlot (the report charts' libraries):
# RpsVision.Serving leaves those out, and the publish stage fails if any of their native files slips in.

ARG DOTNET_VERSION=10.0

# ---- build: restore with only the project files first, so the package layer is cached ----
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY RpsVision.Core/RpsVision.Core.csproj RpsVision.Core/
COPY RpsVision.Core/buildTransitive/ RpsVision.Core/buildTransitive/
COPY RpsVision.Serving/RpsVision.Serving.csproj RpsVision.Serving/
RUN dotnet restore RpsVision.Serving/RpsVision.Serving.csproj -r linux-x64
COPY RpsVision.Core/ RpsVision.Core/
COPY RpsVision.Serving/ RpsVision.Serving/
RUN dotnet publish RpsVision.Serving/RpsVision.Serving.csproj -c Release -r linux-x64 --self-contained false \
        --no-restore -p:UseAppHost=false -o /app \
    && if find /app \( -iname '*torch*.so*' -o -iname 'libSkiaSharp*' -o -iname 'libHarfBuzzSharp*' \) | grep -q .; then \
        echo 'torch or chart native code in the serving image' >&2; exit 1; fi

# ---- serving: the runtime image, non-root, model mounted at /models ----
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS serving
WORKDIR /app
COPY --from=build /app ./
# Public inference address on 8080. The management API (POST /admin/reload) keeps its default, 127.0.0.1:8081 inside
# the container: not exposed, unreachable from outside (Management__Urls moves it; empty turns it off).
ENV Urls=http://+:8080 \
    Model__Path=/models/model.onnx
EXPOSE 8080
# The aspnet images define the unprivileged user "app" (APP_UID, 1654).
USER $APP_UID
ENTRYPOINT ["dotnet", "RpsVision.Serving.dll"]

# ---- serving-baked: the same, with a model inside (for kind / Kubernetes) ----
# The model comes from the named build context "model" (a folder holding model.onnx, e.g. runs/latest, whose
# symbolic link the client resolves), so runs/ stays out of the main build context.
FROM serving AS serving-baked
COPY --from=model --chown=$APP_UID model.onnx /models/model.onnx

# ---- training: the training job (SDK image, libtorch CPU); writes runs/ under /work ----
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS training
WORKDIR /src
COPY . .
RUN dotnet publish RpsVision.Training/RpsVision.Training.csproj -c Release -o /opt/training
WORKDIR /work
ENTRYPOINT ["dotnet", "/opt/training/RpsVision.Training.dll"]

# ---- default: serving with the model mounted ----
FROM serving
