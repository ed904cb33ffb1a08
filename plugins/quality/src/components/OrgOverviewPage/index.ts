export { OrgOverviewPage } from './OrgOverviewPage';
