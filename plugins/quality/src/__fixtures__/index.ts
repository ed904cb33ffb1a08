// Test fixtures of the frontend: catalog entities, the API's answers and a QualityApi double.
export * from './entities';
export * from './entityAnswers';
export * from './squadAnswers';
export * from './fakeQualityApi';
export * from './trendAnswers';
export * from './initiativeAnswers';
